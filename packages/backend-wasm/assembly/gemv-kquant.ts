// Fused GEMVs for ggml's K-quants (super-blocks of 256; layouts as ggml-common.h and
// packages/formats/src/ggml/k-quants.ts). Activations are the same int8-per-32 blocks as the
// legacy kernels (quantizeActivations, gemv.ts), not ggml's q8_K (int8 per 256 + bsums): one
// activation pass serves every format, and a scale per 32 rounds x no worse than one per 256.
// Each 32 weights are unpacked to int8 lanes in registers and dotted with i32x4.dot_i16x8_s;
// sub-block scales multiply the integer sums, f32 only once per 32.
import { dot32, scaled } from './gemv';
import { scaleMinK4 } from './decode';
import { halfToFloat, hsum } from './scalars';

/**
 * q4_K (`high` false: 144-byte blocks, qs at 16) or q5_K (`high` true: 176-byte blocks, qh[32]
 * at 16, qs at 48): value = d·sc·q − dmin·m per 32, q the nibble plus 16 × its qh bit. Chunk c
 * of 64 values takes the low nibbles of qs[32c…] with qh bit 2c, then the high nibbles with
 * bit 2c+1. Minimums come off once per row through each activation block's sum (xsum).
 */
// @ts-ignore: decorator
@inline
function gemvK4(xq: usize, xd: usize, xsum: usize, w: usize, y: usize, m: i32, n: i32, k: i32, high: bool): void {
  const blockBytes: usize = high ? 176 : 144;
  const qs: usize = high ? 48 : 16;
  const supers = <usize>(k >> 8);
  const low = i8x16.splat(15);
  const bit4 = i8x16.splat(16);
  for (let i: usize = 0; i < <usize>m; i++) {
    const xRow = xq + i * supers * 512;
    const dRow = xd + i * supers * 32;
    const sRow = xsum + i * supers * 32;
    for (let j: usize = 0; j < <usize>n; j++) {
      const row = w + j * supers * blockBytes;
      let acc = f32x4.splat(0);
      let minimum: f32 = 0;
      for (let s: usize = 0; s < supers; s++) {
        const at = row + s * blockBytes;
        const d = halfToFloat(<u32>load<u16>(at));
        const dmin = halfToFloat(<u32>load<u16>(at + 2));
        let h0 = high ? v128.load(at + 16) : i8x16.splat(0);
        let h1 = high ? v128.load(at + 32) : i8x16.splat(0);
        for (let c: usize = 0; c < 4; c++) {
          const q0 = v128.load(at + qs + (c << 5));
          const q1 = v128.load(at + qs + 16 + (c << 5));
          let lo0 = v128.and(q0, low), lo1 = v128.and(q1, low);
          let hi0 = i8x16.shr_u(q0, 4), hi1 = i8x16.shr_u(q1, 4);
          if (high) {
            lo0 = v128.or(lo0, v128.and(i8x16.shl(h0, 4), bit4));
            lo1 = v128.or(lo1, v128.and(i8x16.shl(h1, 4), bit4));
            hi0 = v128.or(hi0, v128.and(i8x16.shl(h0, 3), bit4));
            hi1 = v128.or(hi1, v128.and(i8x16.shl(h1, 3), bit4));
            h0 = i8x16.shr_u(h0, 2);
            h1 = i8x16.shr_u(h1, 2);
          }
          const b = (s << 3) + (c << 1);
          const first = scaleMinK4(c << 1, at + 4);
          const second = scaleMinK4((c << 1) + 1, at + 4);
          const d0 = load<f32>(dRow + (b << 2));
          const d1 = load<f32>(dRow + ((b + 1) << 2));
          acc = scaled(acc, dot32(lo0, lo1, xRow + (b << 6)), d * <f32>(first & 63) * d0);
          acc = scaled(acc, dot32(hi0, hi1, xRow + ((b + 1) << 6)), d * <f32>(second & 63) * d1);
          minimum += dmin * (<f32>(first >> 8) * load<f32>(sRow + (b << 2)) + <f32>(second >> 8) * load<f32>(sRow + ((b + 1) << 2)));
        }
      }
      store<f32>(y + ((i * <usize>n + j) << 2), hsum(acc) - minimum);
    }
  }
}

/** W in q4_K super-blocks (144 bytes, 256 values): d·sc·q − dmin·m per 32-value sub-block. */
export function gemvQ4K(xq: usize, xd: usize, xsum: usize, w: usize, y: usize, m: i32, n: i32, k: i32): void {
  gemvK4(xq, xd, xsum, w, y, m, n, k, false);
}

/** W in q5_K super-blocks (176 bytes, 256 values): q4_K's scheme with a fifth bit from qh. */
export function gemvQ5K(xq: usize, xd: usize, xsum: usize, w: usize, y: usize, m: i32, n: i32, k: i32): void {
  gemvK4(xq, xd, xsum, w, y, m, n, k, true);
}

/** Σ over 16 int8 weight lanes `q` and 16 i16 activations at `xp`, as four i32 lanes. */
// @ts-ignore: decorator
@inline
export function dot16(q: v128, xp: usize): v128 {
  const a = i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(q), v128.load(xp));
  return i32x4.add(a, i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(q), v128.load(xp, 16)));
}

/**
 * One 32-value group of q6_K: 6-bit codes `a` (values 0–15) and `b` (16–31), each half with
 * its own int8 scale, summed as integers (|Σ| ≤ 2·4·32·127·128 fits i32) and scaled by `d`.
 */
// @ts-ignore: decorator
@inline
function group6(acc: v128, a: v128, b: v128, sc: usize, xp: usize, d: f32): v128 {
  const bias = i8x16.splat(32);
  const first = i32x4.mul(dot16(i8x16.sub(a, bias), xp), i32x4.splat(<i32>load<i8>(sc)));
  const second = i32x4.mul(dot16(i8x16.sub(b, bias), xp + 32), i32x4.splat(<i32>load<i8>(sc, 1)));
  return scaled(acc, i32x4.add(first, second), d);
}

/**
 * W in q6_K super-blocks (210 bytes, 256 values: ql[128], qh[64], i8 scales[16], f16 d):
 * value = d·sc·(q − 32), one scale per 16. Each half of 128 values reads ql[64] and qh[32]:
 * group g of 32 takes the low (g < 2) or high nibbles of ql[32·(g & 1)…] and qh bits 2g, 2g+1.
 */
export function gemvQ6K(xq: usize, xd: usize, w: usize, y: usize, m: i32, n: i32, k: i32): void {
  const supers = <usize>(k >> 8);
  const low = i8x16.splat(15);
  const top = i8x16.splat(0x30);
  for (let i: usize = 0; i < <usize>m; i++) {
    const xRow = xq + i * supers * 512;
    const dRow = xd + i * supers * 32;
    for (let j: usize = 0; j < <usize>n; j++) {
      const row = w + j * supers * 210;
      let acc = f32x4.splat(0);
      for (let s: usize = 0; s < supers; s++) {
        const at = row + s * 210;
        const d = halfToFloat(<u32>load<u16>(at + 208));
        for (let h: usize = 0; h < 2; h++) {
          const ql = at + (h << 6);
          const l0 = v128.load(ql), l1 = v128.load(ql, 16), l2 = v128.load(ql, 32), l3 = v128.load(ql, 48);
          const h0 = v128.load(at + 128 + (h << 5)), h1 = v128.load(at + 144 + (h << 5));
          const sc = at + 192 + (h << 3);
          const b = (s << 3) + (h << 2);
          const xp = xRow + (b << 6);
          const dp = dRow + (b << 2);
          acc = group6(acc,
            v128.or(v128.and(l0, low), v128.and(i8x16.shl(h0, 4), top)),
            v128.or(v128.and(l1, low), v128.and(i8x16.shl(h1, 4), top)), sc, xp, d * load<f32>(dp));
          acc = group6(acc,
            v128.or(v128.and(l2, low), v128.and(i8x16.shl(h0, 2), top)),
            v128.or(v128.and(l3, low), v128.and(i8x16.shl(h1, 2), top)), sc + 2, xp + 64, d * load<f32>(dp, 4));
          acc = group6(acc,
            v128.or(i8x16.shr_u(l0, 4), v128.and(h0, top)),
            v128.or(i8x16.shr_u(l1, 4), v128.and(h1, top)), sc + 4, xp + 128, d * load<f32>(dp, 8));
          acc = group6(acc,
            v128.or(i8x16.shr_u(l2, 4), v128.and(i8x16.shr_u(h0, 2), top)),
            v128.or(i8x16.shr_u(l3, 4), v128.and(i8x16.shr_u(h1, 2), top)), sc + 6, xp + 192, d * load<f32>(dp, 12));
        }
      }
      store<f32>(y + ((i * <usize>n + j) << 2), hsum(acc));
    }
  }
}
