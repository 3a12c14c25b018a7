// Fused GEMVs for ggml's q2_K, q3_K and IQ4_XS (super-blocks of 256; layouts as
// decode-kquant-low.ts) on gemv.ts's int8-per-32 activations (quantizeActivations, quantized once
// per call and shared by every row). Each 32 weights become int8 lanes in registers; q2_K and
// q3_K's two 16-value groups per activation block multiply their integer dot products by their
// own scales, f32 only once per 32.
import { dot32, scaled } from './gemv';
import { dot16 } from './gemv-kquant';
import { scaleIq4Xs, scaleQ3K } from './decode-kquant-low';
import { halfToFloat, hsum } from './scalars';

/** Σ over 32 i16 activations at `xp`, the first 16 weighted by `first`, the rest by `second`. */
// @ts-ignore: decorator
@inline
function weightedSum(xp: usize, first: i32, second: i32): v128 {
  const a = i16x8.mul(i16x8.add(v128.load(xp), v128.load(xp, 16)), i16x8.splat(<i16>first));
  const b = i16x8.mul(i16x8.add(v128.load(xp, 32), v128.load(xp, 48)), i16x8.splat(<i16>second));
  return i32x4.dot_i16x8_s(i16x8.add(a, b), i16x8.splat(1));
}

/**
 * W in q2_K super-blocks (84 bytes): activation block b (0–7) of a super-block reads qs[32·(b >> 2)
 * …+32] at bits 2·(b & 3), scales[2b] for its first 16 values and scales[2b + 1] for the rest:
 * value = d·(sc & 15)·q − dmin·(sc >> 4).
 */
export function gemvQ2K(xq: usize, xd: usize, w: usize, y: usize, m: i32, n: i32, k: i32): void {
  const supers = <usize>(k >> 8);
  const three = i8x16.splat(3);
  for (let i: usize = 0; i < <usize>m; i++) {
    const xRow = xq + i * supers * 512;
    const dRow = xd + i * supers * 32;
    for (let j: usize = 0; j < <usize>n; j++) {
      const row = w + j * supers * 84;
      let acc = f32x4.splat(0);
      let mins = f32x4.splat(0);
      for (let s: usize = 0; s < supers; s++) {
        const at = row + s * 84;
        const d = halfToFloat(<u32>load<u16>(at + 80));
        const dmin = halfToFloat(<u32>load<u16>(at + 82));
        for (let b: usize = 0; b < 8; b++) {
          const q = at + 16 + ((b >> 2) << 5);
          const shift = <u32>((b & 3) << 1);
          const lo = v128.and(i8x16.shr_u(v128.load(q), shift), three);
          const hi = v128.and(i8x16.shr_u(v128.load(q, 16), shift), three);
          const first = <i32>load<u8>(at + (b << 1));
          const second = <i32>load<u8>(at + (b << 1) + 1);
          const xp = xRow + (((s << 3) + b) << 6);
          const dx = load<f32>(dRow + (((s << 3) + b) << 2));
          const dot = i32x4.add(
            i32x4.mul(dot16(lo, xp), i32x4.splat(first & 15)),
            i32x4.mul(dot16(hi, xp + 32), i32x4.splat(second & 15)),
          );
          acc = scaled(acc, dot, d * dx);
          mins = scaled(mins, weightedSum(xp, first >> 4, second >> 4), dmin * dx);
        }
      }
      store<f32>(y + ((i * <usize>n + j) << 2), hsum(acc) - hsum(mins));
    }
  }
}

/**
 * W in q3_K super-blocks (110 bytes): activation block b reads qs[32·(b >> 2) …+32] at bits
 * 2·(b & 3) and bit b of hmask[0…32]; value = d·(sc − 32)·(q − 4·!hbit), one scale per 16.
 */
export function gemvQ3K(xq: usize, xd: usize, w: usize, y: usize, m: i32, n: i32, k: i32): void {
  const supers = <usize>(k >> 8);
  const three = i8x16.splat(3);
  const four = i8x16.splat(4);
  for (let i: usize = 0; i < <usize>m; i++) {
    const xRow = xq + i * supers * 512;
    const dRow = xd + i * supers * 32;
    for (let j: usize = 0; j < <usize>n; j++) {
      const row = w + j * supers * 110;
      let acc = f32x4.splat(0);
      for (let s: usize = 0; s < supers; s++) {
        const at = row + s * 110;
        const d = halfToFloat(<u32>load<u16>(at + 108));
        const h0 = v128.load(at), h1 = v128.load(at, 16);
        for (let b: usize = 0; b < 8; b++) {
          const q = at + 32 + ((b >> 2) << 5);
          const shift = <u32>((b & 3) << 1);
          const bit = <u32>b;
          // q − 4 + 4·hbit: the high bit set gives 0…3, clear −4…−1.
          const lo = i8x16.sub(v128.or(v128.and(i8x16.shr_u(v128.load(q), shift), three), v128.and(i8x16.shl(i8x16.shr_u(h0, bit), 2), four)), four);
          const hi = i8x16.sub(v128.or(v128.and(i8x16.shr_u(v128.load(q, 16), shift), three), v128.and(i8x16.shl(i8x16.shr_u(h1, bit), 2), four)), four);
          const xp = xRow + (((s << 3) + b) << 6);
          const dot = i32x4.add(
            i32x4.mul(dot16(lo, xp), i32x4.splat(scaleQ3K(at + 96, b << 1))),
            i32x4.mul(dot16(hi, xp + 32), i32x4.splat(scaleQ3K(at + 96, (b << 1) + 1))),
          );
          acc = scaled(acc, dot, d * load<f32>(dRow + (((s << 3) + b) << 2)));
        }
      }
      store<f32>(y + ((i * <usize>n + j) << 2), hsum(acc));
    }
  }
}

/** W in iq4_xs super-blocks (136 bytes): d·(ls − 32)·table[q] per 32, `table` 16 int8 values. */
export function gemvIq4Xs(xq: usize, xd: usize, w: usize, y: usize, m: i32, n: i32, k: i32, table: usize): void {
  const supers = <usize>(k >> 8);
  const low = i8x16.splat(15);
  const values = v128.load(table);
  for (let i: usize = 0; i < <usize>m; i++) {
    const xRow = xq + i * supers * 512;
    const dRow = xd + i * supers * 32;
    for (let j: usize = 0; j < <usize>n; j++) {
      const row = w + j * supers * 136;
      let acc = f32x4.splat(0);
      for (let s: usize = 0; s < supers; s++) {
        const at = row + s * 136;
        const d = halfToFloat(<u32>load<u16>(at));
        for (let ib: usize = 0; ib < 8; ib++) {
          const q = v128.load(at + 8 + (ib << 4));
          const lo = i8x16.swizzle(values, v128.and(q, low));
          const hi = i8x16.swizzle(values, i8x16.shr_u(q, 4));
          const b = (s << 3) + ib;
          const scale = d * <f32>scaleIq4Xs(at, ib) * load<f32>(dRow + (b << 2));
          acc = scaled(acc, dot32(lo, hi, xRow + (b << 6)), scale);
        }
      }
      store<f32>(y + ((i * <usize>n + j) << 2), hsum(acc));
    }
  }
}
