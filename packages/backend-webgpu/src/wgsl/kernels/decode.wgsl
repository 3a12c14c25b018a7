// decode: out[i] = the f32 bits of value i, for whichever format snippet precedes this source.
struct Params {
  count: u32,
  stride: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(3) var<storage, read_write> out: array<u32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.stride;
  if (i >= p.count) {
    return;
  }
  out[i] = decode_bits(i);
}
