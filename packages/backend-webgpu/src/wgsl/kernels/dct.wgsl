// Orthonormal DCT-II (X_k = s_k Σ_j x_j cos(π(2j+1)k/2n)) or its inverse DCT-III
// (x_j = Σ_k s_k X_k cos(π(2j+1)k/2n)), s_0 = √(1/n), s_k = √(2/n): one invocation per output,
// with `cosines` = cos(πt/2n) for t < 4n computed on the host in float64. O(n) per output.
struct Params {
  count: u32,
  stride: u32,
  n: u32,
  inverse: u32,
  s0: f32,
  s1: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> cosines: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let index = gid.x + gid.y * p.stride;
  if (index >= p.count) {
    return;
  }
  let o = index % p.n;
  let base = index - o;
  let period = 4u * p.n;
  var sum = 0.0;
  if (p.inverse == 0u) {
    // t = (2j+1)·o mod 4n, stepping 2o.
    var t = o % period;
    for (var j = 0u; j < p.n; j++) {
      sum += x[base + j] * cosines[t];
      t = (t + 2u * o) % period;
    }
    out[index] = sum * select(p.s1, p.s0, o == 0u);
  } else {
    // t = (2o+1)·k mod 4n, stepping 2o+1.
    var t = 0u;
    for (var k = 0u; k < p.n; k++) {
      sum += select(p.s1, p.s0, k == 0u) * x[base + k] * cosines[t];
      t = (t + 2u * o + 1u) % period;
    }
    out[index] = sum;
  }
}
