// Every sign/exponent/mantissa format from its parameters (core's defineMinifloat): the f32 bit
// pattern of code i, built in integer arithmetic so subnormals survive devices that flush them.
// POLICY: 0 ieee, 1 fn (all-ones code is NaN), 2 fnuz (−0 code is NaN), 3 finite, 4 e8m0.
@group(0) @binding(1) var<storage, read> packed: array<u32>;
override BITS: u32;
override EXP_BITS: u32;
override MAN_BITS: u32;
override BIAS: i32;
override POLICY: u32;

fn decode_bits(i: u32) -> u32 {
  let code = read_code(i);
  let sign = select(0u, (code >> (BITS - 1u)) & 1u, POLICY != 4u) << 31u;
  let exp_mask = (1u << EXP_BITS) - 1u;
  let man_mask = (1u << MAN_BITS) - 1u;
  let exp = (code >> MAN_BITS) & exp_mask;
  let man = code & man_mask;
  if ((POLICY == 0u || POLICY == 4u) && exp == exp_mask) {
    return sign | select(0x7fc00000u, 0x7f800000u, man == 0u && POLICY == 0u);
  }
  if (POLICY == 1u && exp == exp_mask && man == man_mask) {
    return sign | 0x7fc00000u;
  }
  if (POLICY == 2u && code == (1u << (BITS - 1u))) {
    return 0x7fc00000u;
  }
  var sig = man | (1u << MAN_BITS);
  var e2 = i32(exp) - BIAS - i32(MAN_BITS);
  if (exp == 0u && POLICY != 4u) {
    sig = man;
    e2 = 1 - BIAS - i32(MAN_BITS);
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
