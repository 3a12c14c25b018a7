// `width` ≤ 32 bits read least significant first from bit `bit` after byte `base` of `packed`
// (bit a = bit a mod 8 of byte ⌊a/8⌋, core's format-params.ts): the one reader every generated
// decoder uses. Splitting the address into a byte base and a bit offset keeps it in u32 range.
fn read_bits(base: u32, bit: u32, width: u32) -> u32 {
  let b = (base & 3u) * 8u + bit;
  let word = (base >> 2u) + (b >> 5u);
  let shift = b & 31u;
  var v = packed[word] >> shift;
  if (shift != 0u && shift + width > 32u) {
    v = v | (packed[word + 1u] << (32u - shift));
  }
  return select(v & ((1u << (width & 31u)) - 1u), v, width == 32u);
}
