// Fused GEMVs for ggml's q4_1, q5_0, q5_1 and iq4_nl (blocks of 32; layouts as decode-legacy.ts),
// on the same int8-per-32 activations as gemv.ts (quantizeActivations, ggml's vec_dot_type q8):
// each block's nibbles (plus the q5 fifth bit) become int8 lanes in registers, dotted with
// i32x4.dot_i16x8_s. A block minimum m contributes m·Σx through the activation block sums.
import { dot32, scaled } from './gemv';
import { halfToFloat, hsum } from './scalars';

/** Lanes j of 16 holding 0x10 where bit j of the two qh bytes at `qh` is set. */
// @ts-ignore: decorator
@inline
function fifthBits(qh: usize): v128 {
  const bytes = i8x16.swizzle(v128.load16_splat(qh), i8x16(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1));
  const bit = i8x16(1, 2, 4, 8, 16, 32, 64, -128, 1, 2, 4, 8, 16, 32, 64, -128);
  return v128.and(i8x16.eq(v128.and(bytes, bit), bit), i8x16.splat(0x10));
}

/**
 * q4_1 (`bytes` 20), q5_0 (22) or q5_1 (24): `withMin` blocks hold { f16 d, m }, `five` blocks
 * a 32-bit qh before qs. x = q·d + m, or (q − 16)·d for q5_0.
 */
// @ts-ignore: decorator
@inline
function gemvLegacy(xq: usize, xd: usize, xsum: usize, w: usize, y: usize, m: i32, n: i32, k: i32, bytes: usize, withMin: bool, five: bool): void {
  const blocks = <usize>(k >> 5);
  const qs: usize = (withMin ? 4 : 2) + (five ? 4 : 0);
  const qh: usize = withMin ? 4 : 2;
  const low = i8x16.splat(15);
  const bias = i8x16.splat(five && !withMin ? 16 : 0);
  for (let i: usize = 0; i < <usize>m; i++) {
    const xRow = xq + i * blocks * 64;
    const dRow = xd + i * blocks * 4;
    const sRow = xsum + i * blocks * 4;
    for (let j: usize = 0; j < <usize>n; j++) {
      const row = w + j * blocks * bytes;
      let acc = f32x4.splat(0);
      let minimum: f32 = 0;
      for (let b: usize = 0; b < blocks; b++) {
        const at = row + b * bytes;
        const d = halfToFloat(<u32>load<u16>(at)) * load<f32>(dRow + (b << 2));
        const q = v128.load(at + qs);
        let lo = v128.and(q, low);
        let hi = i8x16.shr_u(q, 4);
        if (five) {
          lo = v128.or(lo, fifthBits(at + qh));
          hi = v128.or(hi, fifthBits(at + qh + 2));
        }
        acc = scaled(acc, dot32(i8x16.sub(lo, bias), i8x16.sub(hi, bias), xRow + (b << 6)), d);
        if (withMin) minimum += halfToFloat(<u32>load<u16>(at + 2)) * load<f32>(sRow + (b << 2));
      }
      store<f32>(y + ((i * <usize>n + j) << 2), hsum(acc) + minimum);
    }
  }
}

/** W in q4_1 blocks { f16 d, m; u8 qs[16] }. */
export function gemvQ4_1(xq: usize, xd: usize, xsum: usize, w: usize, y: usize, m: i32, n: i32, k: i32): void {
  gemvLegacy(xq, xd, xsum, w, y, m, n, k, 20, true, false);
}

/** W in q5_0 blocks { f16 d; u8 qh[4]; u8 qs[16] }. */
export function gemvQ5_0(xq: usize, xd: usize, xsum: usize, w: usize, y: usize, m: i32, n: i32, k: i32): void {
  gemvLegacy(xq, xd, xsum, w, y, m, n, k, 22, false, true);
}

/** W in q5_1 blocks { f16 d, m; u8 qh[4]; u8 qs[16] }. */
export function gemvQ5_1(xq: usize, xd: usize, xsum: usize, w: usize, y: usize, m: i32, n: i32, k: i32): void {
  gemvLegacy(xq, xd, xsum, w, y, m, n, k, 24, true, true);
}

/** W in iq4_nl blocks { f16 d; u8 qs[16] }: d·table[q], `table` the 16 int8 codebook values. */
export function gemvIq4Nl(xq: usize, xd: usize, w: usize, y: usize, m: i32, n: i32, k: i32, table: usize): void {
  const blocks = <usize>(k >> 5);
  const low = i8x16.splat(15);
  const values = v128.load(table);
  for (let i: usize = 0; i < <usize>m; i++) {
    const xRow = xq + i * blocks * 64;
    const dRow = xd + i * blocks * 4;
    for (let j: usize = 0; j < <usize>n; j++) {
      const row = w + j * blocks * 18;
      let acc = f32x4.splat(0);
      for (let b: usize = 0; b < blocks; b++) {
        const at = row + b * 18;
        const d = halfToFloat(<u32>load<u16>(at)) * load<f32>(dRow + (b << 2));
        const q = v128.load(at + 2);
        const lo = i8x16.swizzle(values, v128.and(q, low));
        const hi = i8x16.swizzle(values, i8x16.shr_u(q, 4));
        acc = scaled(acc, dot32(lo, hi, xRow + (b << 6)), d);
      }
      store<f32>(y + ((i * <usize>n + j) << 2), hsum(acc));
    }
  }
}
