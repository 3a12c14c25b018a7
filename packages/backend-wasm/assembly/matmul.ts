// f32 matmul C = A·B, register-tiled: B is packed in panels of 8 columns × 256 rows of k (8 KB,
// L1-resident), and a 4×8 micro-kernel keeps 8 f32x4 accumulators in registers.

const KC: i32 = 256;

/**
 * C [m×n] (row-major at `c`) = A·B, where A(i, p) sits at a + 4·(i·ars + p·acs) and B(p, j) at
 * b + 4·(p·brs + j·bcs) — strides express the transposed layouts. `panel` is scratch for
 * KC·8 floats, `tile` for 32.
 */
export function matmul(a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, ars: i32, acs: i32, brs: i32, bcs: i32, panel: usize, tile: usize): void {
  for (let j0 = 0; j0 < n; j0 += 8) {
    const width = min(8, n - j0);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const depth = min(KC, k - p0);
      for (let p = 0; p < depth; p++) {
        const src = b + ((<usize>(p0 + p) * <usize>brs + <usize>j0 * <usize>bcs) << 2);
        const dst = panel + (<usize>p << 5);
        for (let q = 0; q < 8; q++) store<f32>(dst + (<usize>q << 2), q < width ? load<f32>(src + ((<usize>q * <usize>bcs) << 2)) : 0);
      }
      const stepA = <usize>acs << 2;
      let i = 0;
      for (; i + 4 <= m; i += 4) {
        let a0 = a + ((<usize>i * <usize>ars + <usize>p0 * <usize>acs) << 2);
        let a1 = a0 + (<usize>ars << 2);
        let a2 = a1 + (<usize>ars << 2);
        let a3 = a2 + (<usize>ars << 2);
        let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
        let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
        let pb = panel;
        const end = panel + (<usize>depth << 5);
        for (; pb < end; pb += 32) {
          const b0 = v128.load(pb);
          const b1 = v128.load(pb, 16);
          let s = f32x4.splat(load<f32>(a0));
          c00 = f32x4.add(c00, f32x4.mul(s, b0)); c01 = f32x4.add(c01, f32x4.mul(s, b1));
          s = f32x4.splat(load<f32>(a1));
          c10 = f32x4.add(c10, f32x4.mul(s, b0)); c11 = f32x4.add(c11, f32x4.mul(s, b1));
          s = f32x4.splat(load<f32>(a2));
          c20 = f32x4.add(c20, f32x4.mul(s, b0)); c21 = f32x4.add(c21, f32x4.mul(s, b1));
          s = f32x4.splat(load<f32>(a3));
          c30 = f32x4.add(c30, f32x4.mul(s, b0)); c31 = f32x4.add(c31, f32x4.mul(s, b1));
          a0 += stepA; a1 += stepA; a2 += stepA; a3 += stepA;
        }
        v128.store(tile, c00); v128.store(tile, c01, 16);
        v128.store(tile, c10, 32); v128.store(tile, c11, 48);
        v128.store(tile, c20, 64); v128.store(tile, c21, 80);
        v128.store(tile, c30, 96); v128.store(tile, c31, 112);
        flush(tile, c, i, 4, j0, width, n, p0 == 0);
      }
      for (; i < m; i++) {
        let a0 = a + ((<usize>i * <usize>ars + <usize>p0 * <usize>acs) << 2);
        let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
        for (let pb = panel; pb < panel + (<usize>depth << 5); pb += 32) {
          const s = f32x4.splat(load<f32>(a0));
          c00 = f32x4.add(c00, f32x4.mul(s, v128.load(pb)));
          c01 = f32x4.add(c01, f32x4.mul(s, v128.load(pb, 16)));
          a0 += stepA;
        }
        v128.store(tile, c00); v128.store(tile, c01, 16);
        flush(tile, c, i, 1, j0, width, n, p0 == 0);
      }
    }
  }
}

/** Writes (first K panel) or adds a rows×8 tile into C's valid columns. */
// @ts-ignore: decorator
@inline
function flush(tile: usize, c: usize, i: i32, rows: i32, j0: i32, width: i32, n: i32, first: bool): void {
  for (let r = 0; r < rows; r++) {
    const dst = c + ((<usize>(i + r) * <usize>n + <usize>j0) << 2);
    const src = tile + (<usize>r << 5);
    if (width == 8) {
      if (first) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
      } else {
        v128.store(dst, f32x4.add(v128.load(dst), v128.load(src)));
        v128.store(dst, f32x4.add(v128.load(dst, 16), v128.load(src, 16)), 16);
      }
    } else {
      for (let q = 0; q < width; q++) {
        const p = dst + (<usize>q << 2);
        const v = load<f32>(src + (<usize>q << 2));
        store<f32>(p, first ? v : load<f32>(p) + v);
      }
    }
  }
}
