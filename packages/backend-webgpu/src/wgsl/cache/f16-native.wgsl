enable f16;
// An f16 KV cache with shader-f16: native half loads, widened to f32 for the arithmetic.
@group(0) @binding(2) var<storage, read> k: array<f16>;
@group(0) @binding(3) var<storage, read> v: array<f16>;

fn load_k(i: u32) -> f32 {
  return f32(k[i]);
}

fn load_v(i: u32) -> f32 {
  return f32(v[i]);
}
