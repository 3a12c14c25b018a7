/**
 * The cpu reference for fused quantized GEMVs: y = x·Wᵀ with x quantized as ggml quantizes
 * activations (block_q8_0 / q8_K: per block of 32 — 256 for k-quant-style ternaries — the f32
 * scale d = amax/127 and codes round_half_even(x · f32(127/amax)), all in f32 arithmetic, as
 * packages/backend-wasm/assembly/gemv.ts `quantizeActivations` does with f32x4.nearest), and W
 * as the cpu codec decodes it. Each block's Σ q·w is exact; blocks are summed in float64, so
 * a fused kernel differs from this only by its own f32 rounding of scale products and sums.
 */

/** Round half to even: f32x4.nearest on values that are already f32. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export interface QuantizedActivations {
  codes: Int8Array;
  /** One scale per block of `block` values. */
  scales: Float32Array;
}

/** x (a whole number of blocks) quantized to int8 per `block` values with an f32 scale each. */
export function quantizeActivations(x: Float32Array, block: number): QuantizedActivations {
  const codes = new Int8Array(x.length);
  const scales = new Float32Array(x.length / block);
  for (let b = 0; b < scales.length; b++) {
    let top = 0;
    for (let i = b * block; i < (b + 1) * block; i++) top = Math.max(top, Math.abs(x[i]!));
    const inverse = top !== 0 ? Math.fround(127 / top) : 0;
    scales[b] = Math.fround(top / 127);
    for (let i = b * block; i < (b + 1) * block; i++)
      codes[i] = roundHalfEven(Math.fround(x[i]! * inverse));
  }
  return { codes, scales };
}

/** y [m, n] for x [m, k] quantized per `block` and decoded W [n, k]. */
export function q8Gemv(
  x: Float32Array,
  w: Float32Array,
  m: number,
  n: number,
  k: number,
  block: number,
): Float32Array {
  const { codes, scales } = quantizeActivations(x, block);
  const y = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let b = 0; b < k / block; b++) {
        let dot = 0;
        for (let c = b * block; c < (b + 1) * block; c++) dot += codes[i * k + c]! * w[j * k + c]!;
        sum += scales[(i * k) / block + b]! * dot;
      }
      y[i * n + j] = sum;
    }
  }
  return y;
}
