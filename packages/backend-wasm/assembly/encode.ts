// Bulk encoders: f32 → codes, bit-exact with the cpu codecs for round-to-nearest-even.

/** Minifloat NaN/Inf policies, numbered as the host passes them. */
const IEEE = 0;
const FN = 1;
const FNUZ = 2;
const FINITE = 3;
const E8M0 = 4;

/**
 * Minifloat codes (round to nearest, ties to even) for `count` f32 values at `src`, written as
 * u16 at `dst`. The parameters are the format's derived constants (see the host's
 * `minifloatParams`); the logic mirrors core's `encodeBits` for the nearest-even mode.
 */
export function encodeMinifloat(
  src: usize, dst: usize, count: i32,
  m: i32, bias: i32, policy: i32, maxCode: u32, nanCode: u32, infCode: u32, signBit: u32,
  saturate: bool,
): void {
  const signed = policy != E8M0;
  const hasNegativeZero = signed && policy != FNUZ;
  const emin = policy == E8M0 ? -bias : 1 - bias;
  for (let i: usize = 0; i < <usize>count; i++) {
    const x = load<u32>(src + (i << 2));
    const negative = (x >> 31) == 1;
    const exponent = <i32>((x >> 23) & 0xff);
    const mantissa = x & 0x7fffff;
    let out: u32;
    if (exponent == 0xff && mantissa != 0) {
      if (policy == IEEE) out = (negative ? signBit : 0) | nanCode | (mantissa >> <u32>(23 - m));
      else if (policy == FN || policy == FINITE) out = (negative ? signBit : 0) ^ nanCode;
      else out = nanCode;
    } else if (!signed && negative && (<u32>exponent | mantissa) != 0) {
      out = nanCode;
    } else {
      const sign = negative && signed ? signBit : 0;
      if (exponent == 0xff) {
        if (saturate || policy == FINITE) out = sign | maxCode;
        else if (policy == IEEE) out = sign | infCode;
        else out = policy == FN ? sign | nanCode : nanCode;
      } else {
        const normalise = exponent == 0 && mantissa != 0 ? <i32>clz(mantissa) - 8 : 0;
        const e = exponent == 0 ? -126 - normalise : exponent - 127;
        const significand: u32 = exponent == 0 ? mantissa << <u32>normalise : mantissa | 0x800000;
        let code: u32 = 0;
        if (significand != 0 && !(policy == E8M0 && e < emin)) {
          const normal = e >= emin;
          const shift = 23 - m + (normal ? 0 : emin - e);
          if (shift < 32) {
            const kept = significand >> <u32>shift;
            const rest = significand - (kept << <u32>shift);
            const half: u32 = 1 << <u32>(shift - 1);
            const truncated: u32 = (normal ? <u32>(((e + bias) << m) - (1 << m)) : 0) + kept;
            code = truncated + (rest > half || (rest == half && (policy == E8M0 || (truncated & 1) == 1)) ? 1 : 0);
          }
        }
        if (code > maxCode) {
          if (saturate || policy == FINITE) out = sign | maxCode;
          else if (policy == IEEE) out = sign | infCode;
          else out = policy == FN ? sign | nanCode : nanCode;
        } else if (code == 0 && !hasNegativeZero) out = 0;
        else out = sign | code;
      }
    }
    store<u16>(dst + (i << 1), <u16>out);
  }
}

/** Packs `count` u16 codes of `bits` bits into a little-endian bit stream (LSB first). */
export function packCodes(src: usize, dst: usize, count: i32, bits: i32): void {
  if (bits == 16) {
    memory.copy(dst, src, <usize>count << 1);
    return;
  }
  if (bits == 8) {
    for (let i: usize = 0; i < <usize>count; i++) store<u8>(dst + i, load<u16>(src + (i << 1)));
    return;
  }
  const bytes = (<usize>count * <usize>bits + 7) >> 3;
  memory.fill(dst, 0, bytes);
  for (let i = 0; i < count; i++) {
    const bit = <usize>i * <usize>bits;
    const code = <u32>load<u16>(src + (<usize>i << 1)) << <u32>(bit & 7);
    const p = dst + (bit >> 3);
    store<u8>(p, load<u8>(p) | <u8>code);
    if ((bit & 7) + <usize>bits > 8) store<u8>(p + 1, load<u8>(p + 1) | <u8>(code >> 8));
    if ((bit & 7) + <usize>bits > 16) store<u8>(p + 2, load<u8>(p + 2) | <u8>(code >> 16));
  }
}

/** f32 → binary16 bits, round to nearest even (overflow → Inf), as the cpu f16 codec. */
// @ts-ignore: decorator
@inline
function floatToHalf(value: f32): u32 {
  const x = reinterpret<u32>(value);
  const sign = (x >> 16) & 0x8000;
  const exponent = <i32>((x >> 23) & 0xff);
  const mantissa = x & 0x7fffff;
  if (exponent == 0xff) return sign | (mantissa ? 0x7e00 | (mantissa >> 13) : 0x7c00);
  if (exponent < 102) return sign; // below half the smallest subnormal (2^-25)
  const e = exponent - 127;
  const significand = mantissa | 0x800000;
  const shift = e >= -14 ? 13 : 13 + (-14 - e);
  const kept = significand >> <u32>shift;
  const rest = significand & ((1 << <u32>shift) - 1);
  const half: u32 = 1 << <u32>(shift - 1);
  const truncated: u32 = e >= -14 ? (<u32>(e + 14) << 10) + kept : kept;
  const code = truncated + (rest > half || (rest == half && (truncated & 1)) ? 1 : 0);
  return sign | (code > 0x7bff ? 0x7c00 : code);
}

/** The f32 nearest `v` as binary16, written at `p`; returns the stored value. */
// @ts-ignore: decorator
@inline
function writeHalf(p: usize, v: f64): f64 {
  const bits = floatToHalf(<f32>v);
  store<u16>(p, <u16>bits);
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = <f64>(bits & 0x3ff);
  if (exponent == 31) return mantissa != 0 ? NaN : bits & 0x8000 ? -Infinity : Infinity;
  const magnitude = exponent == 0 ? mantissa * 5.9604644775390625e-8 : (mantissa + 1024) * Math.pow(2, <f64>exponent - 25);
  return bits & 0x8000 ? -magnitude : magnitude;
}

/** ggml q8_0 encoding of `blocks` blocks of 32 (d = amax/127, codes round half away). */
export function encodeQ8_0(src: usize, dst: usize, blocks: i32): void {
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const x = src + (b << 7);
    const at = dst + b * 34;
    let amax: f64 = 0;
    for (let j: usize = 0; j < 32; j++) amax = Math.max(amax, Math.abs(<f64>load<f32>(x + (j << 2))));
    const d = writeHalf(at, amax / 127);
    const id = d != 0 ? 1 / d : 0;
    for (let j: usize = 0; j < 32; j++) {
      const v = <f64>load<f32>(x + (j << 2)) * id;
      const q = Math.min(127, Math.max(-127, Math.sign(v) * Math.floor(Math.abs(v) + 0.5)));
      store<i8>(at + 2 + j, <i8><i32>q);
    }
  }
}

/** ggml q4_0 encoding: d = (signed absmax) / −8, q = clamp(⌊x/d + 8.5⌋, 0, 15). */
export function encodeQ4_0(src: usize, dst: usize, blocks: i32): void {
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const x = src + (b << 7);
    const at = dst + b * 18;
    let best: f64 = 0;
    for (let j: usize = 0; j < 32; j++) {
      const v = <f64>load<f32>(x + (j << 2));
      if (Math.abs(v) > Math.abs(best)) best = v;
    }
    const d = writeHalf(at, best / -8);
    const id = d != 0 ? 1 / d : 0;
    for (let j: usize = 0; j < 16; j++) {
      const lo = Math.min(15, Math.max(0, Math.floor(<f64>load<f32>(x + (j << 2)) * id + 8.5)));
      const hi = Math.min(15, Math.max(0, Math.floor(<f64>load<f32>(x + ((j + 16) << 2)) * id + 8.5)));
      store<u8>(at + 2 + j, <u8>(<i32>lo | (<i32>hi << 4)));
    }
  }
}

/**
 * f32 → binary16 codes, round to nearest even, 8 lanes at a time with integer tricks (F. Giesen's
 * float_to_half_fast3_rtne): normals by re-biasing the exponent and rounding on bit 13,
 * subnormals by a float add of 0.5 that lets the hardware round. Bit-exact with `floatToHalf`
 * (NaN keeps its top 10 payload bits and turns quiet); `saturate` sends overflow and ±Inf to ±max.
 */
export function encodeHalf(src: usize, dst: usize, count: i32, saturate: bool): void {
  const n = <usize>count;
  const body = n & ~(<usize>7);
  const overflow = saturate ? i32x4.splat(0x7bff) : i32x4.splat(0x7c00);
  for (let i: usize = 0; i < body; i += 8) {
    const lo = halfLanes(v128.load(src + (i << 2)), overflow);
    const hi = halfLanes(v128.load(src + (i << 2), 16), overflow);
    v128.store(dst + (i << 1), i16x8.narrow_i32x4_u(lo, hi));
  }
  for (let i = body; i < n; i++) {
    let h = floatToHalf(load<f32>(src + (i << 2)));
    if (saturate && (h & 0x7fff) == 0x7c00) h = (h & 0x8000) | 0x7bff;
    store<u16>(dst + (i << 1), <u16>h);
  }
}

/** binary16 codes of 4 f32 lanes (in the low 16 bits of each i32 lane); see encodeHalf. */
// @ts-ignore: decorator
@inline
function halfLanes(x: v128, overflow: v128): v128 {
  const sign = v128.and(i32x4.shr_u(x, 16), i32x4.splat(0x8000));
  const abs = v128.and(x, i32x4.splat(0x7fffffff));
  const odd = v128.and(i32x4.shr_u(abs, 13), i32x4.splat(1));
  const normal = i32x4.shr_u(i32x4.add(abs, i32x4.add(i32x4.splat(((15 - 127) << 23) + 0xfff), odd)), 13);
  const tiny = i32x4.sub(f32x4.add(abs, f32x4.splat(0.5)), i32x4.splat(126 << 23));
  const nan = v128.or(i32x4.splat(0x7e00), v128.and(i32x4.shr_u(abs, 13), i32x4.splat(0x3ff)));
  // Past the largest half, `normal` only grows: the unsigned min caps it at Inf (or max).
  let h = i32x4.min_u(normal, overflow);
  h = v128.bitselect(tiny, h, i32x4.lt_s(abs, i32x4.splat(113 << 23)));
  h = v128.bitselect(nan, h, i32x4.gt_s(abs, i32x4.splat(0x7f800000)));
  return v128.or(h, sign);
}
