// Row reductions over the last axis, one 64-invocation workgroup per row (workgroup x·y):
// OP 0 rmsnorm (x / √(mean(x²) + eps) · w), OP 1 softmax (max subtracted).
override OP: u32;
const WG = 64u;

struct Params {
  rows: u32,
  n: u32,
  eps: f32,
  stride: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

var<workgroup> partial: array<f32, 64>;

fn reduce(value: f32, lane: u32, is_max: bool) -> f32 {
  partial[lane] = value;
  workgroupBarrier();
  for (var half = WG / 2u; half > 0u; half /= 2u) {
    if (lane < half) {
      let other = partial[lane + half];
      partial[lane] = select(partial[lane] + other, max(partial[lane], other), is_max);
    }
    workgroupBarrier();
  }
  let result = partial[0];
  workgroupBarrier();
  return result;
}

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) local: vec3u) {
  let row = wg.x + wg.y * p.stride;
  if (row >= p.rows) {
    return;
  }
  let lane = local.x;
  let at = row * p.n;
  if (OP == 0u) {
    var sum = 0.0;
    for (var j = lane; j < p.n; j += WG) {
      sum += x[at + j] * x[at + j];
    }
    let scale = 1.0 / sqrt(reduce(sum, lane, false) / f32(p.n) + p.eps);
    for (var j = lane; j < p.n; j += WG) {
      out[at + j] = x[at + j] * scale * w[j];
    }
  } else {
    var top = bitcast<f32>(0xff7fffffu);
    for (var j = lane; j < p.n; j += WG) {
      top = max(top, x[at + j]);
    }
    top = reduce(top, lane, true);
    var sum = 0.0;
    for (var j = lane; j < p.n; j += WG) {
      sum += exp(x[at + j] - top);
    }
    sum = reduce(sum, lane, false);
    for (var j = lane; j < p.n; j += WG) {
      out[at + j] = exp(x[at + j] - top) / sum;
    }
  }
}
