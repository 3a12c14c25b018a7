// linear y = x·Wᵀ for many rows of x (prefill), W decoded by the format snippet preceding this:
// each 16×16 workgroup computes a 16×16 block of y, staging 16×16 tiles of x and of decoded
// (and group-scaled, as cpu scales W first) W in workgroup memory, so each weight is decoded
// once per 16 rows of x instead of once per output.
const TILE = 16u;

struct Params {
  m: u32,
  n: u32,
  k: u32,
  groups: u32,
  has_scales: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<storage, read> x: array<f32>;
@group(0) @binding(5) var<storage, read> scales: array<f32>;

var<workgroup> tile_x: array<array<f32, 16>, 16>;
var<workgroup> tile_w: array<array<f32, 16>, 16>;

fn load_w(col: u32, j: u32) -> f32 {
  if (col >= p.n || j >= p.k) {
    return 0.0;
  }
  let w = bitcast<f32>(decode_bits(col * p.k + j));
  if (p.has_scales == 0u) {
    return w;
  }
  return w * scales[col * p.groups + j / (p.k / p.groups)];
}

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) local: vec3u) {
  let row = wg.y * TILE + local.y;
  let col = wg.x * TILE + local.x;
  var sum = 0.0;
  for (var t = 0u; t < p.k; t += TILE) {
    let j = t + local.x;
    tile_x[local.y][local.x] = select(0.0, x[row * p.k + j], row < p.m && j < p.k);
    tile_w[local.y][local.x] = load_w(wg.x * TILE + local.y, j);
    workgroupBarrier();
    for (var i = 0u; i < TILE; i++) {
      sum += tile_x[local.y][i] * tile_w[local.x][i];
    }
    workgroupBarrier();
  }
  if (row < p.m && col < p.n) {
    out[row * p.n + col] = sum;
  }
}
