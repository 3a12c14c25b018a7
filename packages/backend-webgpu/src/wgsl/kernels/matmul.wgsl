// f32 matmul, tiled: each 16×16 workgroup computes a 16×16 block of C, staging 16×16 tiles of A
// and B in workgroup memory. Batched over workgroup z (a stride of 0 shares an operand).
const TILE = 16u;

struct Params {
  m: u32,
  n: u32,
  k: u32,
  transpose_a: u32,
  transpose_b: u32,
  stride_a: u32,
  stride_b: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;

var<workgroup> tile_a: array<array<f32, 16>, 16>;
var<workgroup> tile_b: array<array<f32, 16>, 16>;

fn load_a(batch: u32, row: u32, col: u32) -> f32 {
  if (row >= p.m || col >= p.k) {
    return 0.0;
  }
  let at = select(row * p.k + col, col * p.m + row, p.transpose_a != 0u);
  return a[batch * p.stride_a + at];
}

fn load_b(batch: u32, row: u32, col: u32) -> f32 {
  if (row >= p.k || col >= p.n) {
    return 0.0;
  }
  let at = select(row * p.n + col, col * p.k + row, p.transpose_b != 0u);
  return b[batch * p.stride_b + at];
}

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) local: vec3u) {
  let row = wg.y * TILE + local.y;
  let col = wg.x * TILE + local.x;
  let batch = wg.z;
  var sum = 0.0;
  for (var t = 0u; t < p.k; t += TILE) {
    tile_a[local.y][local.x] = load_a(batch, row, t + local.x);
    tile_b[local.y][local.x] = load_b(batch, t + local.y, col);
    workgroupBarrier();
    for (var i = 0u; i < TILE; i++) {
      sum += tile_a[local.y][i] * tile_b[i][local.x];
    }
    workgroupBarrier();
  }
  if (row < p.m && col < p.n) {
    c[batch * p.m * p.n + row * p.n + col] = sum;
  }
}
