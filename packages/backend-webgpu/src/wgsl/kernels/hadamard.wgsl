// One Hadamard stage on rows of n ≤ 4096 values (fwht, random and block Hadamard), one
// 64-invocation workgroup per row (workgroup x·y), the row in workgroup memory: optional ±1
// signs before, radix-2 butterflies on blocks of `power`, then (m > 1) H_m across the m chunks
// (H_n = H_m ⊗ H_power, packages/transforms/src/hadamard/fwht.ts), a scale, optional signs after.
const WG = 64u;

struct Params {
  rows: u32,
  n: u32,
  power: u32,
  m: u32,
  transposed: u32,
  scale: f32,
  signs_before: u32,
  signs_after: u32,
  stride: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<storage, read> signs: array<f32>;
@group(0) @binding(4) var<storage, read> hm: array<f32>;

var<workgroup> s: array<f32, 4096>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) lane: u32) {
  let row = wg.x + wg.y * p.stride;
  if (row >= p.rows) {
    return;
  }
  let base = row * p.n;
  for (var i = lane; i < p.n; i += WG) {
    s[i] = select(x[base + i], x[base + i] * signs[i], p.signs_before != 0u);
  }
  workgroupBarrier();
  for (var h = 1u; h < p.power; h <<= 1u) {
    for (var q = lane; q < p.n / 2u; q += WG) {
      let j = (q / h) * 2u * h + q % h;
      let a = s[j];
      let b = s[j + h];
      s[j] = a + b;
      s[j + h] = a - b;
    }
    workgroupBarrier();
  }
  if (p.m > 1u) {
    for (var b = lane; b < p.power; b += WG) {
      var column: array<f32, 40>;
      for (var c = 0u; c < p.m; c++) {
        column[c] = s[c * p.power + b];
      }
      for (var a = 0u; a < p.m; a++) {
        var sum = 0.0;
        for (var c = 0u; c < p.m; c++) {
          sum += select(hm[a * p.m + c], hm[c * p.m + a], p.transposed != 0u) * column[c];
        }
        s[a * p.power + b] = sum;
      }
    }
    workgroupBarrier();
  }
  for (var i = lane; i < p.n; i += WG) {
    let v = s[i] * p.scale;
    out[base + i] = select(v, v * signs[i], p.signs_after != 0u);
  }
}
