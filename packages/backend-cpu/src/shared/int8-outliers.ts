/**
 * LLM.int8()'s host-memory half, shared by the cpu and wasm int8Linear kernels: the operands
 * as host arrays, the outlier set O of a call, and the f32/f64 outlier terms (the
 * decomposition is documented on core's `int8Linear`).
 */
import {
  type HostBackend,
  INT8_OUTLIER_THRESHOLD,
  type Int8LinearAttrs,
  matmulShape,
  type Tensor,
} from '@lowbit/core';

/** An int8Linear kernel's inputs as host arrays, with the outlier set of this call. */
export interface Int8LinearOperands {
  m: number;
  n: number;
  k: number;
  x: Float32Array;
  weights: Int8OutlierWeights;
  columns: { kept: Int32Array; detected: Int32Array };
}

/** Reads a host backend's int8Linear inputs [x, w, scales, outliers?] (shared by cpu and wasm). */
export function int8LinearOperands(
  [x, w, scales, kept]: readonly Tensor[],
  attrs: Int8LinearAttrs,
  host: HostBackend,
): Int8LinearOperands {
  const [m, n] = matmulShape(x!.shape, w!.shape, false, true);
  const k = x!.shape[1]!;
  const xs = host.floats(x!);
  const packed = host.bytes(w!);
  return {
    m,
    n,
    k,
    x: xs,
    weights: {
      codes: new Int8Array(packed.buffer, packed.byteOffset, packed.byteLength),
      scales: host.floats(scales!),
      kept: kept && host.floats(kept),
    },
    columns: int8OutlierColumns(xs, m, k, attrs),
  };
}

/**
 * The outlier set O for activations x [m, k]: the kept `columns` (in their given order), then
 * the other columns holding any |x| ≥ threshold (ascending).
 */
export function int8OutlierColumns(
  x: Float32Array,
  m: number,
  k: number,
  attrs: Int8LinearAttrs,
): { kept: Int32Array; detected: Int32Array } {
  const kept = Int32Array.from(attrs.columns ?? []);
  const threshold = attrs.threshold ?? INT8_OUTLIER_THRESHOLD;
  const outlier = new Uint8Array(k);
  for (const c of kept) outlier[c] = 2;
  if (threshold !== Number.POSITIVE_INFINITY) {
    for (let i = 0; i < m; i++) {
      for (let c = 0; c < k; c++) if (Math.abs(x[i * k + c]!) >= threshold) outlier[c] ||= 1;
    }
  }
  const detected: number[] = [];
  for (let c = 0; c < k; c++) if (outlier[c] === 1) detected.push(c);
  return { kept, detected: Int32Array.from(detected) };
}

/** Int8 rows [n, k] with one scale per row, and W's kept columns [n, C] in f32 if any. */
export interface Int8OutlierWeights {
  codes: Int8Array;
  scales: Float32Array;
  kept?: Float32Array | undefined;
}

/**
 * y [m, n] += the outlier terms Σ_{c∈O} x[i, c]·W[j, c] (f64 per output), W[j, c] being the
 * kept column or the dequantized int8 one for a detected column.
 */
export function addInt8Outliers(y: Float32Array, operands: Int8LinearOperands): void {
  const { m, n, k, x, columns, weights } = operands;
  const { codes, scales, kept } = weights;
  const width = columns.kept.length;
  const weight = (j: number, t: number) =>
    t < width ? kept![j * width + t]! : codes[j * k + columns.detected[t - width]!]! * scales[j]!;
  const all = Int32Array.of(...columns.kept, ...columns.detected);
  if (all.length === 0) return;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let t = 0; t < all.length; t++) sum += x[i * k + all[t]!]! * weight(j, t);
      y[i * n + j]! += sum;
    }
  }
}
