// f32 GEMV y = x·W for a few rows of x, W read straight from where it lies (no packing): each
// weight byte is loaded once per call, so the kernels run at memory bandwidth. Every output is
// summed in the same order whichever block or thread computes it, so splitting W's rows or
// columns over threads gives bit-identical results.
import { hsum } from './scalars';

/** Σ x·w over one row of k at `x` and `w`, from the f32x4 lanes `acc` over the first `body` bytes. */
// @ts-ignore: decorator
@inline
function finish(acc: v128, x: usize, w: usize, body: usize, rowBytes: usize): f32 {
  let sum = hsum(acc);
  for (let p = body; p < rowBytes; p += 4) sum += load<f32>(x + p) * load<f32>(w + p);
  return sum;
}

/**
 * y [m×n] = x·Wᵀ for W [n×k] row-major (linear's weight, matmul's transposed B): eight rows of W
 * at a time against each row of x, so a block of W is fetched from memory once and reread from
 * cache for the other rows of x.
 */
export function gemvF32(x: usize, w: usize, y: usize, m: i32, n: i32, k: i32): void {
  const rowBytes = <usize>k << 2;
  const body = rowBytes & ~(<usize>15);
  const rows = <usize>m;
  const outs = <usize>n;
  let j: usize = 0;
  for (; j + 8 <= outs; j += 8) {
    const w0 = w + j * rowBytes;
    for (let i: usize = 0; i < rows; i++) {
      const xr = x + i * rowBytes;
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      let a4 = f32x4.splat(0), a5 = f32x4.splat(0), a6 = f32x4.splat(0), a7 = f32x4.splat(0);
      for (let p: usize = 0; p < body; p += 16) {
        const v = v128.load(xr + p);
        let q = w0 + p;
        a0 = f32x4.add(a0, f32x4.mul(v128.load(q), v)); q += rowBytes;
        a1 = f32x4.add(a1, f32x4.mul(v128.load(q), v)); q += rowBytes;
        a2 = f32x4.add(a2, f32x4.mul(v128.load(q), v)); q += rowBytes;
        a3 = f32x4.add(a3, f32x4.mul(v128.load(q), v)); q += rowBytes;
        a4 = f32x4.add(a4, f32x4.mul(v128.load(q), v)); q += rowBytes;
        a5 = f32x4.add(a5, f32x4.mul(v128.load(q), v)); q += rowBytes;
        a6 = f32x4.add(a6, f32x4.mul(v128.load(q), v)); q += rowBytes;
        a7 = f32x4.add(a7, f32x4.mul(v128.load(q), v));
      }
      const yr = y + ((i * outs + j) << 2);
      store<f32>(yr, finish(a0, xr, w0, body, rowBytes));
      store<f32>(yr, finish(a1, xr, w0 + rowBytes, body, rowBytes), 4);
      store<f32>(yr, finish(a2, xr, w0 + 2 * rowBytes, body, rowBytes), 8);
      store<f32>(yr, finish(a3, xr, w0 + 3 * rowBytes, body, rowBytes), 12);
      store<f32>(yr, finish(a4, xr, w0 + 4 * rowBytes, body, rowBytes), 16);
      store<f32>(yr, finish(a5, xr, w0 + 5 * rowBytes, body, rowBytes), 20);
      store<f32>(yr, finish(a6, xr, w0 + 6 * rowBytes, body, rowBytes), 24);
      store<f32>(yr, finish(a7, xr, w0 + 7 * rowBytes, body, rowBytes), 28);
    }
  }
  for (; j < outs; j++) {
    const wr = w + j * rowBytes;
    for (let i: usize = 0; i < rows; i++) {
      const xr = x + i * rowBytes;
      let acc = f32x4.splat(0);
      for (let p: usize = 0; p < body; p += 16) acc = f32x4.add(acc, f32x4.mul(v128.load(wr + p), v128.load(xr + p)));
      store<f32>(y + ((i * outs + j) << 2), finish(acc, xr, wr, body, rowBytes));
    }
  }
}

/** Columns of y updated per pass over B's rows: m rows of them stay in L1 (16 KB at m = 4). */
const CHUNK: i32 = 1024;

/**
 * y [m×n] = x·B for B [k×n] with rows `ldb` floats apart (matmul's plain B, or a slice of its
 * columns): y's rows accumulate one row of B at a time, in chunks of CHUNK columns, so B streams
 * through contiguously.
 */
export function gemvF32Columns(x: usize, b: usize, y: usize, m: i32, n: i32, k: i32, ldb: i32): void {
  const rows = <usize>m;
  const outs = <usize>n;
  memory.fill(y, 0, (rows * outs) << 2);
  for (let j0: usize = 0; j0 < outs; j0 += <usize>CHUNK) {
    const width = min(<usize>CHUNK, outs - j0);
    const body = width & ~(<usize>3);
    for (let p: usize = 0; p < <usize>k; p++) {
      const br = b + ((p * <usize>ldb + j0) << 2);
      for (let i: usize = 0; i < rows; i++) {
        const s = load<f32>(x + ((i * <usize>k + p) << 2));
        const sv = f32x4.splat(s);
        const yr = y + ((i * outs + j0) << 2);
        for (let q: usize = 0; q < body << 2; q += 16) v128.store(yr + q, f32x4.add(v128.load(yr + q), f32x4.mul(sv, v128.load(br + q))));
        for (let q = body; q < width; q++) {
          const at = yr + (q << 2);
          store<f32>(at, load<f32>(at) + s * load<f32>(br + (q << 2)));
        }
      }
    }
  }
}
