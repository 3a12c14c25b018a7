// Quantized linear layers y = x·Wᵀ with dequantisation fused into the dot products.
// Activations are first quantized to int8 per 32 values (f32 scale, as ggml's q8 activations),
// widened to i16 once; each weight block is unpacked to int8 lanes in registers and multiplied
// with i32x4.dot_i16x8_s. No weight is ever written out as f32.
import { absMax, e8m0, halfToFloat, hsum } from './scalars';

/** Σ w·x over 32 values: `lo`/`hi` are int8 lanes 0–15/16–31, `xp` 32 i16 activations. */
// @ts-ignore: decorator
@inline
export function dot32(lo: v128, hi: v128, xp: usize): v128 {
  let acc = i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(lo), v128.load(xp));
  acc = i32x4.add(acc, i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(lo), v128.load(xp, 16)));
  acc = i32x4.add(acc, i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(hi), v128.load(xp, 32)));
  return i32x4.add(acc, i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(hi), v128.load(xp, 48)));
}

// @ts-ignore: decorator
@inline
export function scaled(acc: v128, dot: v128, scale: f32): v128 {
  return f32x4.add(acc, f32x4.mul(f32x4.convert_i32x4_s(dot), f32x4.splat(scale)));
}

/**
 * Quantizes m·k activations (k a multiple of 32) to int8 values stored as i16 at `xq`, one f32
 * scale per 32 at `xd`, and each block's sum (scale · Σq) at `xsum` for k-quant minimums.
 */
export function quantizeActivations(x: usize, xq: usize, xd: usize, xsum: usize, m: i32, k: i32): void {
  const blocks = (<usize>m * <usize>k) >> 5;
  for (let b: usize = 0; b < blocks; b++) {
    const p = x + (b << 7);
    const top = absMax(p, 128);
    const d = top / 127;
    const inverse = f32x4.splat(top != 0 ? 127 / top : 0);
    let sum = i32x4.splat(0);
    for (let t: usize = 0; t < 128; t += 32) {
      const a = i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(v128.load(p + t), inverse)));
      const c = i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(v128.load(p + t + 16), inverse)));
      sum = i32x4.add(sum, i32x4.add(a, c));
      v128.store(xq + (b << 6) + (t >> 1), i16x8.narrow_i32x4_s(a, c));
    }
    store<f32>(xd + (b << 2), d);
    const total = i32x4.extract_lane(sum, 0) + i32x4.extract_lane(sum, 1) + i32x4.extract_lane(sum, 2) + i32x4.extract_lane(sum, 3);
    store<f32>(xsum + (b << 2), d * <f32>total);
  }
}

/** Twice the E2M1 values by code: integers, so FP4 elements become int8 lanes via a swizzle. */
// @ts-ignore: decorator
@inline
function e2m1Doubled(): v128 {
  return i8x16(0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12);
}

/** W in ggml's block_mxfp4 { e8m0 scale; u8 qs[16] } (byte j: element j low, j+16 high). */
export function gemvMxfp4(xq: usize, xd: usize, w: usize, y: usize, m: i32, n: i32, k: i32): void {
  const blocks = <usize>(k >> 5);
  const low = i8x16.splat(15);
  const table = e2m1Doubled();
  for (let i: usize = 0; i < <usize>m; i++) {
    const xRow = xq + i * blocks * 64;
    const dRow = xd + i * blocks * 4;
    for (let j: usize = 0; j < <usize>n; j++) {
      const row = w + j * blocks * 17;
      let acc = f32x4.splat(0);
      for (let b: usize = 0; b < blocks; b++) {
        const at = row + b * 17;
        const d = e8m0(<u32>load<u8>(at)) * 0.5 * load<f32>(dRow + (b << 2));
        const q = v128.load(at + 1);
        const lo = i8x16.swizzle(table, v128.and(q, low));
        const hi = i8x16.swizzle(table, i8x16.shr_u(q, 4));
        acc = scaled(acc, dot32(lo, hi, xRow + (b << 6)), d);
      }
      store<f32>(y + ((i * <usize>n + j) << 2), hsum(acc));
    }
  }
}

/**
 * W in NVFP4 blocks of 64 (ggml layout: 4 E4M3 scales, then per 16 values 8 bytes, byte j
 * holding value j low and j+8 high); `e4m3` is the scale table, `tensorScale` the f32 factor.
 */
export function gemvNvfp4(xq: usize, xd: usize, w: usize, y: usize, m: i32, n: i32, k: i32, e4m3: usize, tensorScale: f32): void {
  const blocks = <usize>(k >> 6);
  const low = i8x16.splat(15);
  const table = e2m1Doubled();
  const half = tensorScale * 0.5;
  for (let i: usize = 0; i < <usize>m; i++) {
    const xRow = xq + i * blocks * 128;
    const dRow = xd + i * blocks * 8;
    for (let j: usize = 0; j < <usize>n; j++) {
      const row = w + j * blocks * 36;
      let acc = f32x4.splat(0);
      for (let b: usize = 0; b < blocks; b++) {
        const at = row + b * 36;
        for (let g: usize = 0; g < 4; g++) {
          const d = load<f32>(e4m3 + (<usize>load<u8>(at + g) << 2)) * half * load<f32>(dRow + (b << 3) + ((g >> 1) << 2));
          const q = v128.load64_zero(at + 4 + (g << 3));
          const lo = i16x8.extend_low_i8x16_s(i8x16.swizzle(table, v128.and(q, low)));
          const hi = i16x8.extend_low_i8x16_s(i8x16.swizzle(table, i8x16.shr_u(q, 4)));
          const xp = xRow + (b << 7) + (g << 5);
          const dot = i32x4.add(i32x4.dot_i16x8_s(lo, v128.load(xp)), i32x4.dot_i16x8_s(hi, v128.load(xp, 16)));
          acc = scaled(acc, dot, d);
        }
      }
      store<f32>(y + ((i * <usize>n + j) << 2), hsum(acc));
    }
  }
}

/**
 * W as int8 rows [n, k] with one f32 scale per group of k/groups values (groups = 1: per
 * channel); group size a multiple of 32.
 */
export function gemvInt8(xq: usize, xd: usize, w: usize, scales: usize, y: usize, m: i32, n: i32, k: i32, groups: i32): void {
  const blocks = <usize>(k >> 5);
  const perGroup = blocks / <usize>groups;
  for (let i: usize = 0; i < <usize>m; i++) {
    const xRow = xq + i * blocks * 64;
    const dRow = xd + i * blocks * 4;
    for (let j: usize = 0; j < <usize>n; j++) {
      const row = w + j * <usize>k;
      const sRow = scales + j * <usize>groups * 4;
      let acc = f32x4.splat(0);
      for (let b: usize = 0; b < blocks; b++) {
        const d = load<f32>(sRow + ((b / perGroup) << 2)) * load<f32>(dRow + (b << 2));
        acc = scaled(acc, dot32(v128.load(row + (b << 5)), v128.load(row + (b << 5) + 16), xRow + (b << 6)), d);
      }
      store<f32>(y + ((i * <usize>n + j) << 2), hsum(acc));
    }
  }
}

/**
 * W as int4 rows [n, k] (a little-endian nibble stream: byte t holds values 2t low, 2t+1 high),
 * one f32 scale per group of k/groups values; group size a multiple of 32.
 */
export function gemvInt4(xq: usize, xd: usize, w: usize, scales: usize, y: usize, m: i32, n: i32, k: i32, groups: i32): void {
  const blocks = <usize>(k >> 5);
  const perGroup = blocks / <usize>groups;
  for (let i: usize = 0; i < <usize>m; i++) {
    const xRow = xq + i * blocks * 64;
    const dRow = xd + i * blocks * 4;
    for (let j: usize = 0; j < <usize>n; j++) {
      const row = w + j * (<usize>k >> 1);
      const sRow = scales + j * <usize>groups * 4;
      let acc = f32x4.splat(0);
      for (let b: usize = 0; b < blocks; b++) {
        const d = load<f32>(sRow + ((b / perGroup) << 2)) * load<f32>(dRow + (b << 2));
        const q = v128.load(row + (b << 4));
        const even = i8x16.shr_s(i8x16.shl(q, 4), 4);
        const odd = i8x16.shr_s(q, 4);
        const lo = v128.shuffle<u8>(even, odd, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
        const hi = v128.shuffle<u8>(even, odd, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
        acc = scaled(acc, dot32(lo, hi, xRow + (b << 6)), d);
      }
      store<f32>(y + ((i * <usize>n + j) << 2), hsum(acc));
    }
  }
}

/**
 * LLM.int8()'s vector-wise activations: each of m rows of k (a multiple of 32) quantized to
 * int8 (as i16) by its own absmax, round half to even; the row scale a/127 is written once per
 * 32 values at `xd`, the layout gemvInt8 reads.
 */
export function quantizeRows(x: usize, xq: usize, xd: usize, m: i32, k: i32): void {
  const bytes = <usize>k << 2;
  for (let i: usize = 0; i < <usize>m; i++) {
    const row = x + i * bytes;
    const top = absMax(row, bytes);
    const inverse = f32x4.splat(top != 0 ? <f32>127 / top : 0);
    const d = top / 127;
    const out = xq + (i * bytes >> 1);
    for (let t: usize = 0; t < bytes; t += 32) {
      const a = i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(v128.load(row + t), inverse)));
      const c = i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(v128.load(row + t + 16), inverse)));
      v128.store(out + (t >> 1), i16x8.narrow_i32x4_s(a, c));
    }
    const scales = xd + (i * <usize>(k >> 5) << 2);
    for (let b: usize = 0; b < <usize>(k >> 5); b++) store<f32>(scales + (b << 2), d);
  }
}
