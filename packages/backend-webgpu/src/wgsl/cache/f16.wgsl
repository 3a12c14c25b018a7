// An f16 KV cache read without shader-f16: two halves per word, widened by unpack2x16float.
@group(0) @binding(2) var<storage, read> k: array<u32>;
@group(0) @binding(3) var<storage, read> v: array<u32>;

fn load_k(i: u32) -> f32 {
  return unpack2x16float(k[i >> 1u])[i & 1u];
}

fn load_v(i: u32) -> f32 {
  return unpack2x16float(v[i >> 1u])[i & 1u];
}
