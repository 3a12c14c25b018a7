// Code i of a little-endian bit stream of BITS-bit codes (core's packCodes layout); shared by the
// scalar decoders. Expects `packed` (binding 1) and `override BITS`.
fn read_code(i: u32) -> u32 {
  let bit = i * BITS;
  let word = bit >> 5u;
  let shift = bit & 31u;
  var v = packed[word] >> shift;
  if (shift + BITS > 32u) {
    v = v | (packed[word + 1u] << (32u - shift));
  }
  return v & ((1u << BITS) - 1u);
}
