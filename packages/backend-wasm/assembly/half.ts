// binary16 → f32 in SIMD registers. wasm has no f16 lanes: halves placed in the top of i32
// lanes, shifted right by 3 with the sign kept and masked, have the bits of a float 2^112 times
// too small, and one multiply by 2^112 is exact for normals, subnormals and zeros (Giesen's
// half_to_float). Exponent 31 (Inf/NaN) comes out finite; `widenExact` fixes those lanes.

/** f32 for 4 halves placed in the top 16 bits of each i32 lane of `t` (Inf/NaN not handled). */
// @ts-ignore: decorator
@inline
export function widen(t: v128): v128 {
  const bits = v128.and(i32x4.shr_s(t, 3), i32x4.splat(0x8fffe000));
  return f32x4.mul(bits, f32x4.splat(reinterpret<f32>(0x77800000))); // 2^112
}

/** `widen`, with exponent-31 lanes given the f32 all-ones exponent: exact for every half. */
// @ts-ignore: decorator
@inline
export function widenExact(t: v128): v128 {
  const exponent = i32x4.splat(0x7c000000);
  const special = i32x4.eq(v128.and(t, exponent), exponent);
  return v128.or(widen(t), v128.and(special, i32x4.splat(0x7f800000)));
}

/** Halves 0–3 of `h` in the top 16 bits of each i32 lane, for `widen`. */
// @ts-ignore: decorator
@inline
export function lowHalves(h: v128): v128 {
  return v128.shuffle<u8>(i32x4.splat(0), h, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23);
}

/** Halves 4–7 of `h` in the top 16 bits of each i32 lane, for `widen`. */
// @ts-ignore: decorator
@inline
export function highHalves(h: v128): v128 {
  return v128.shuffle<u8>(i32x4.splat(0), h, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31);
}
