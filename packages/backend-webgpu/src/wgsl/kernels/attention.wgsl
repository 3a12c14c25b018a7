// Grouped-query attention over a KV cache read through `load_k`/`load_v` (wgsl/cache/*.wgsl,
// which precedes this source): one invocation per output value (t, h, i),
// streaming over cache rows with an online softmax (running max and sum), so no score buffer.
struct Params {
  count: u32,
  stride: u32,
  heads: u32,
  kv_heads: u32,
  dim: u32,
  length: u32,
  causal: u32,
  scale: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> q: array<f32>;
@group(0) @binding(4) var<storage, read> positions: array<u32>;
@group(0) @binding(5) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let index = gid.x + gid.y * p.stride;
  if (index >= p.count) {
    return;
  }
  let width = p.heads * p.dim;
  let kv_width = p.kv_heads * p.dim;
  let t = index / width;
  let h = (index % width) / p.dim;
  let i = index % p.dim;
  let q_at = t * width + h * p.dim;
  let kv_at = (h / (p.heads / p.kv_heads)) * p.dim;
  let seen = select(p.length, positions[t] + 1u, p.causal != 0u);
  var top = bitcast<f32>(0xff7fffffu);
  var sum = 0.0;
  var acc = 0.0;
  for (var j = 0u; j < seen; j++) {
    var dot = 0.0;
    for (var d = 0u; d < p.dim; d++) {
      dot += q[q_at + d] * load_k(j * kv_width + kv_at + d);
    }
    let s = dot * p.scale;
    let next = max(top, s);
    let correction = exp(top - next);
    let weight = exp(s - next);
    sum = sum * correction + weight;
    acc = acc * correction + weight * load_v(j * kv_width + kv_at + i);
    top = next;
  }
  out[index] = acc / sum;
}
