// Scalar formats given by the value of every code (lookup tables, integers, posits): the f32 bits
// of code i from `table`, which holds format.values().
@group(0) @binding(1) var<storage, read> packed: array<u32>;
@group(0) @binding(2) var<storage, read> table: array<u32>;
override BITS: u32;

fn decode_bits(i: u32) -> u32 {
  return table[read_code(i)];
}
