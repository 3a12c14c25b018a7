// binary16 ↔ f32 conversions shared by the codecs and the fused GEMVs.

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
