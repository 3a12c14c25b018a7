// linear y = x·Wᵀ with W decoded on the fly (fused dequant) by the format snippet preceding this:
// one invocation per output, f32 activations and accumulation; optional per-group scales.
struct Params {
  count: u32,
  stride: u32,
  n: u32,
  k: u32,
  groups: u32,
  has_scales: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<storage, read> x: array<f32>;
@group(0) @binding(5) var<storage, read> scales: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x + gid.y * p.stride;
  if (i >= p.count) {
    return;
  }
  let row = i / p.n;
  let col = i % p.n;
  let per_group = p.k / p.groups;
  var total = 0.0;
  for (var g = 0u; g < p.groups; g++) {
    var sum = 0.0;
    for (var j = g * per_group; j < (g + 1u) * per_group; j++) {
      sum += x[row * p.k + j] * bitcast<f32>(decode_bits(col * p.k + j));
    }
    total += select(sum, sum * scales[col * p.groups + g], p.has_scales != 0u);
  }
  out[i] = total;
}
