// ggml q8_0: blocks of 34 bytes, an f16 scale d then 32 int8 codes; value = d · q.
@group(0) @binding(1) var<storage, read> packed: array<u32>;

fn decode_bits(i: u32) -> u32 {
  let base = (i / 32u) * 34u;
  let d = read_f16(base);
  return bitcast<u32>(d * f32(read_i8(base + 2u + i % 32u)));
}
