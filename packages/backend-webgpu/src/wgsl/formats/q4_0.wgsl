// ggml q4_0: blocks of 18 bytes, an f16 scale d then 16 bytes of nibbles (value j in the low
// nibble of byte j, value j + 16 in its high nibble); value = d · (q − 8).
@group(0) @binding(1) var<storage, read> packed: array<u32>;

fn decode_bits(i: u32) -> u32 {
  let base = (i / 32u) * 18u;
  let j = i % 32u;
  let byte = read_byte(base + 2u + (j % 16u));
  let q = select(byte & 0xfu, byte >> 4u, j >= 16u);
  return bitcast<u32>(read_f16(base) * f32(i32(q) - 8));
}
