// Ternary GEMV by table lookup (T-MAC / TeLLMe style) for ggml's tq2_0 blocks
// { u8 qs[64]; f16 d }: byte p holds four 2-bit codes (value + 1) for the positions
// 128·(p >> 5) + (p & 31) + 32·l, l = 0…3. Rather than unpacking weights, each block's
// activations (int8, one scale per 256) are turned into 64 tables of 256 partial sums
// T_p[byte] = Σ_l (code_l − 1)·x_l, so one byte of weights costs one lookup and one add.
import { absMax, halfToFloat } from './scalars';

/**
 * gemvTq2_0's scratch: 64 tables of 256 i16, 256 int8 activations and 2 × 16 i16 half sums
 * (32 KB + 320 bytes; the host reserves TERNARY_SCRATCH in src/kernels/ternary.ts).
 */

/** Quantizes 256 f32 at `x` to int8 at `q` (absmax/127, half to even); returns the scale. */
// @ts-ignore: decorator
@inline
function quantize256(x: usize, q: usize): f32 {
  const top = absMax(x, 1024);
  const inverse = f32x4.splat(top != 0 ? <f32>127 / top : 0);
  for (let t: usize = 0; t < 1024; t += 64) {
    const a = i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(v128.load(x + t), inverse)));
    const b = i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(v128.load(x + t + 16), inverse)));
    const c = i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(v128.load(x + t + 32), inverse)));
    const d = i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(v128.load(x + t + 48), inverse)));
    v128.store(q + (t >> 2), i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(a, b), i16x8.narrow_i32x4_s(c, d)));
  }
  return top / 127;
}

/**
 * The 64 tables of one block. A byte's low and high nibbles index two 16-entry sums (codes
 * for positions l = 0, 1 and l = 2, 3; written at `sums`), so T[h·16 + l] = high[h] + low[l]:
 * 16 vector adds per table.
 */
// @ts-ignore: decorator
@inline
function buildTables(q: usize, tables: usize, sums: usize): void {
  for (let p: usize = 0; p < 64; p++) {
    const base = q + ((p >> 5) << 7) + (p & 31);
    const x0 = <i32>load<i8>(base), x1 = <i32>load<i8>(base, 32);
    const x2 = <i32>load<i8>(base, 64), x3 = <i32>load<i8>(base, 96);
    for (let c1 = 0; c1 < 4; c1++) {
      for (let c0 = 0; c0 < 4; c0++) {
        const lane = <usize>(c1 * 4 + c0) << 1;
        store<i16>(sums + lane, <i16>((c0 - 1) * x0 + (c1 - 1) * x1));
        store<i16>(sums + 32 + lane, <i16>((c0 - 1) * x2 + (c1 - 1) * x3));
      }
    }
    const low = v128.load(sums), low8 = v128.load(sums, 16);
    const table = tables + (p << 9);
    for (let hi: usize = 0; hi < 16; hi++) {
      const h = v128.load16_splat(sums + 32 + (hi << 1));
      v128.store(table + (hi << 5), i16x8.add(h, low));
      v128.store(table + (hi << 5), i16x8.add(h, low8), 16);
    }
  }
}

/** Σ_p T_p[byte p] over one block's 64 weight bytes. */
// @ts-ignore: decorator
@inline
function lookup(at: usize, tables: usize): i32 {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let p: usize = 0; p < 64; p += 8) {
    const v = load<u64>(at + p);
    const t = tables + (p << 9);
    s0 += <i32>load<i16>(t + (<usize>(v & 0xff) << 1));
    s1 += <i32>load<i16>(t + 512 + (<usize>((v >> 8) & 0xff) << 1));
    s2 += <i32>load<i16>(t + 1024 + (<usize>((v >> 16) & 0xff) << 1));
    s3 += <i32>load<i16>(t + 1536 + (<usize>((v >> 24) & 0xff) << 1));
    s0 += <i32>load<i16>(t + 2048 + (<usize>((v >> 32) & 0xff) << 1));
    s1 += <i32>load<i16>(t + 2560 + (<usize>((v >> 40) & 0xff) << 1));
    s2 += <i32>load<i16>(t + 3072 + (<usize>((v >> 48) & 0xff) << 1));
    s3 += <i32>load<i16>(t + 3584 + (<usize>(v >> 56) << 1));
  }
  return (s0 + s1) + (s2 + s3);
}

/**
 * y [m, n] = x·Wᵀ for f32 x [m, k] and tq2_0 W [n, k] (k a multiple of 256). Block-major: one
 * block's tables (32 KB, L1-resident) serve every row of W before the next block's are built.
 */
export function gemvTq2_0(x: usize, w: usize, y: usize, m: i32, n: i32, k: i32, scratch: usize): void {
  const blocks = <usize>(k >> 8);
  const rowBytes = blocks * 66;
  const q = scratch + 64 * 512;
  for (let i: usize = 0; i < <usize>m; i++) {
    const out = y + i * <usize>n * 4;
    memory.fill(out, 0, <usize>n * 4);
    for (let b: usize = 0; b < blocks; b++) {
      const dx = quantize256(x + ((i * <usize>k + (b << 8)) << 2), q);
      buildTables(q, scratch, q + 256);
      for (let j: usize = 0; j < <usize>n; j++) {
        const at = w + j * rowBytes + b * 66;
        const d = halfToFloat(<u32>load<u16>(at + 64)) * dx;
        store<f32>(out + (j << 2), load<f32>(out + (j << 2)) + d * <f32>lookup(at, scratch));
      }
    }
  }
}
