// Rotary position embedding: one invocation per rotated pair; cos/sin come from the host's
// float64 angle table ([cos, sin] per (row, pair)), as every backend's rope does.
struct Params {
  count: u32,
  stride: u32,
  n: u32,
  head_dim: u32,
  neox: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> angles: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.stride;
  if (i >= p.count) {
    return;
  }
  let half = p.head_dim / 2u;
  let pairs_per_row = p.n / 2u;
  let row = i / pairs_per_row;
  let pair = i % pairs_per_row;
  let head = row * p.n + (pair / half) * p.head_dim;
  let k = pair % half;
  let p0 = head + select(2u * k, k, p.neox != 0u);
  let p1 = head + select(2u * k + 1u, k + half, p.neox != 0u);
  let c = angles[(row * half + k) * 2u];
  let s = angles[(row * half + k) * 2u + 1u];
  let x0 = x[p0];
  let x1 = x[p1];
  out[p0] = x0 * c - x1 * s;
  out[p1] = x0 * s + x1 * c;
}
