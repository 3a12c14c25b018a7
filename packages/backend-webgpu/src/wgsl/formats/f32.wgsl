// f32 storage: the bits are the value.
@group(0) @binding(1) var<storage, read> packed: array<u32>;

fn decode_bits(i: u32) -> u32 {
  return packed[i];
}
