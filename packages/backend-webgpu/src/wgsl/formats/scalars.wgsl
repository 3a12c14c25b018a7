// The scalar kinds of core's format-params.ts as f32 bit patterns, built in integer arithmetic so
// subnormals survive devices that flush them. Generated decoders call these with literal params.

// Minifloat (defineMinifloat). policy: 0 ieee, 1 fn (S.1…1 is NaN), 2 fnuz (−0 code is NaN),
// 3 finite, 4 e8m0 (unsigned powers of two, all-ones is NaN).
fn minifloat_bits(code: u32, bits: u32, exp_bits: u32, man_bits: u32, bias: i32, policy: u32) -> u32 {
  let sign = select((code >> (bits - 1u)) & 1u, 0u, policy == 4u) << 31u;
  let exp_mask = (1u << exp_bits) - 1u;
  let man_mask = (1u << man_bits) - 1u;
  let exp = (code >> man_bits) & exp_mask;
  let man = code & man_mask;
  if ((policy == 0u || policy == 4u) && exp == exp_mask) {
    return select(0x7fc00000u, sign | 0x7f800000u, man == 0u && policy == 0u);
  }
  if (policy == 1u && exp == exp_mask && man == man_mask) {
    return 0x7fc00000u;
  }
  if (policy == 2u && code == (1u << (bits - 1u))) {
    return 0x7fc00000u;
  }
  var sig = man | (1u << man_bits);
  var e2 = i32(exp) - bias - i32(man_bits);
  if (exp == 0u && policy != 4u) {
    sig = man;
    e2 = 1 - bias - i32(man_bits);
  }
  if (sig == 0u) {
    return sign;
  }
  let top = i32(firstLeadingBit(sig));
  let e = top + e2;
  if (e >= -126) {
    return sign | (u32(e + 127) << 23u) | ((sig << u32(23 - top)) & 0x7fffffu);
  }
  let s = 149 + e2;
  if (s >= 0) {
    return sign | (sig << u32(s));
  }
  return sign | (sig >> u32(-s));
}

// Two's complement or unsigned integer codes of `bits` bits.
fn integer_value(code: u32, bits: u32, signed: bool) -> f32 {
  if (!signed) {
    return f32(code);
  }
  return f32(bitcast<i32>(code << (32u - bits)) >> (32u - bits));
}

// Posit⟨bits ≤ 16, es⟩ (Posit Standard 2022 §3): regime run, es exponent bits, fraction.
fn posit_bits(code: u32, bits: u32, es: u32) -> u32 {
  let top = 1u << (bits - 1u);
  if (code == 0u) {
    return 0u;
  }
  if (code == top) {
    return 0x7fc00000u;
  }
  let negative = code > top;
  let magnitude = select(code, ((top << 1u) - code), negative);
  // The body (magnitude without its sign bit) left-aligned in 32 bits; zeros pad its end.
  let x = magnitude << (33u - bits);
  let ones = (x >> 31u) == 1u;
  let run = select(countLeadingZeros(x), countLeadingZeros(~x), ones);
  let regime = select(-i32(run), i32(run) - 1, ones);
  let rest = x << (run + 1u);
  let exponent = select(0u, rest >> (32u - es), es > 0u);
  let fraction = rest << es;
  let e = regime * i32(1u << es) + i32(exponent);
  return select(0u, 0x80000000u, negative) | (u32(e + 127) << 23u) | (fraction >> 9u);
}
