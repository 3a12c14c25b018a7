// Complex DFT over the last axis, one invocation per output (row, k): X_k = Σ_j x_j·e^{∓2πi·jk/n}
// with twiddles computed on the host in float64 (`twiddles` = cos, sin of 2πt/n), so the WGSL
// sin/cos accuracy never enters. The inverse conjugates and divides by n. O(n) per output.
struct Params {
  count: u32,
  stride: u32,
  n: u32,
  inverse: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> re: array<f32>;
@group(0) @binding(2) var<storage, read> im: array<f32>;
@group(0) @binding(3) var<storage, read> twiddles: array<f32>;
@group(0) @binding(4) var<storage, read_write> out_re: array<f32>;
@group(0) @binding(5) var<storage, read_write> out_im: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let index = gid.x + gid.y * p.stride;
  if (index >= p.count) {
    return;
  }
  let k = index % p.n;
  let base = index - k;
  let sign = select(1.0, -1.0, p.inverse != 0u);
  var sum_re = 0.0;
  var sum_im = 0.0;
  var t = 0u;
  for (var j = 0u; j < p.n; j++) {
    let c = twiddles[2u * t];
    let s = sign * twiddles[2u * t + 1u];
    sum_re += re[base + j] * c + im[base + j] * s;
    sum_im += im[base + j] * c - re[base + j] * s;
    t = (t + k) % p.n;
  }
  let scale = select(1.0, 1.0 / f32(p.n), p.inverse != 0u);
  out_re[index] = sum_re * scale;
  out_im[index] = sum_im * scale;
}
