// add / mul with NumPy broadcasting: the output index is split by the output shape and mapped
// through each operand's strides (0 on broadcast axes). Rank at most 8.
struct Params {
  count: u32,
  stride: u32,
  rank: u32,
  op: u32,
  shape: array<vec4u, 2>,
  strides_a: array<vec4u, 2>,
  strides_b: array<vec4u, 2>,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.stride;
  if (i >= p.count) {
    return;
  }
  var rest = i;
  var ia = 0u;
  var ib = 0u;
  for (var d = i32(p.rank) - 1; d >= 0; d--) {
    let size = p.shape[d / 4][d % 4];
    let at = rest % size;
    rest = rest / size;
    ia += at * p.strides_a[d / 4][d % 4];
    ib += at * p.strides_b[d / 4][d % 4];
  }
  out[i] = select(a[ia] + b[ib], a[ia] * b[ib], p.op == 1u);
}
