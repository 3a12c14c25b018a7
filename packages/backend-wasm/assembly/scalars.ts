// Scalar helpers shared by the codecs, the fused GEMVs and the nn kernels: binary16 and E8M0
// to f32, and the horizontal sum of an f32x4.

/** IEEE binary16 bits → f32, exact (subnormals, Inf and NaN payloads included). */
// @ts-ignore: decorator
@inline
export function halfToFloat(h: u32): f32 {
  const sign = (h & 0x8000) << 16;
  const exponent = (h >> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent == 0) {
    const value = <f32>mantissa * 5.9604644775390625e-8; // 2^-24
    return sign ? -value : value;
  }
  if (exponent == 31) return reinterpret<f32>(sign | 0x7f800000 | (mantissa << 13));
  return reinterpret<f32>(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

/** 2^(e − 127) for an E8M0 byte, exact (subnormal for e = 0); 0xFF is the canonical NaN. */
// @ts-ignore: decorator
@inline
export function e8m0(e: u32): f32 {
  if (e == 0xff) return reinterpret<f32>(0x7fc00000);
  return e == 0 ? reinterpret<f32>(0x00400000) : reinterpret<f32>(e << 23);
}

/** Sum of the four lanes of an f32x4. */
// @ts-ignore: decorator
@inline
export function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/** max |v| over `bytes` (a multiple of 16) of f32 values at `p`. */
// @ts-ignore: decorator
@inline
export function absMax(p: usize, bytes: usize): f32 {
  let amax = f32x4.splat(0);
  for (let t: usize = 0; t < bytes; t += 16) amax = f32x4.max(amax, f32x4.abs(v128.load(p + t)));
  return max(max(f32x4.extract_lane(amax, 0), f32x4.extract_lane(amax, 1)), max(f32x4.extract_lane(amax, 2), f32x4.extract_lane(amax, 3)));
}
