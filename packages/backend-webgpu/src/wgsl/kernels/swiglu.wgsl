// silu(gate) · up elementwise; without `up` (has_up 0, gate bound twice) silu alone.
struct Params {
  count: u32,
  stride: u32,
  has_up: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> gate: array<f32>;
@group(0) @binding(2) var<storage, read> up: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.stride;
  if (i >= p.count) {
    return;
  }
  let g = gate[i];
  let silu = g / (1.0 + exp(-g));
  out[i] = select(silu, silu * up[i], p.has_up != 0u);
}
