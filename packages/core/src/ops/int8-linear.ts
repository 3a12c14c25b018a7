/**
 * LLM.int8() (Dettmers et al., 2022): a linear layer whose weight is int8 with one scale per
 * output channel, and whose input columns with outliers bypass int8. With O the union of
 * `attrs.columns` (weights kept in f32) and the columns where some |x| ≥ threshold,
 *
 *   y[i, j] = a_i/127 · s_j · Σ_{c∉O} round(x[i, c]·127/a_i) · q[j, c]     (int8 × int8, exact)
 *           + Σ_{c∈O} x[i, c] · W[j, c]                                    (f32)
 *
 * where a_i = max_{c∉O} |x[i, c]| (vector-wise quantization, round half to even in f32) and
 * W[j, c] is the kept f32 column, or q[j, c]·s_j for a column detected at run time.
 */
import type { HostBackend } from '../backend/host-backend.ts';
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';
import { Int8Linear, type Int8LinearAttrs } from '../kernel/op-names.ts';
import { matmulShape } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { linearGroups } from './matmul.ts';
import { single } from './single.ts';

/** Default activation magnitude that marks an outlier column (the paper's 6.0). */
export const INT8_OUTLIER_THRESHOLD = 6;

function fail(message: string): never {
  throw new LowbitError(ErrorCode.Shape, `int8Linear: ${message}`);
}

/**
 * y = x·Wᵀ for int8 W [N, K] with per-channel `scales` [N, 1]; `outliers` [N, C] holds W's
 * columns `attrs.columns` in f32 (required exactly when columns are given).
 */
export async function int8Linear(
  x: Tensor,
  w: Tensor,
  scales: Tensor,
  outliers?: Tensor,
  attrs: Int8LinearAttrs = {},
): Promise<Tensor> {
  const [, n] = matmulShape(x.shape, w.shape, false, true);
  if (linearGroups(w.shape, scales.shape) !== w.shape[1])
    fail(`scales must be [${n}, 1] (one per output channel); got [${scales.shape.join(', ')}].`);
  const k = x.shape[1]!;
  const columns = attrs.columns ?? [];
  const seen = new Set<number>();
  for (const c of columns) {
    if (!(Number.isInteger(c) && c >= 0 && c < k) || seen.has(c))
      fail(`columns must be distinct integers in [0, ${k}); got ${c}.`);
    seen.add(c);
  }
  if (columns.length > 0) {
    if (outliers?.rank !== 2 || outliers.shape[0] !== n)
      fail(`pass the kept weight columns as outliers [${n}, ${columns.length}].`);
    if (outliers.shape[1] !== columns.length)
      fail(`outliers has ${outliers.shape[1]} columns but attrs.columns lists ${columns.length}.`);
  } else if (outliers) fail('outliers given without attrs.columns naming their columns.');
  const threshold = attrs.threshold ?? INT8_OUTLIER_THRESHOLD;
  if (!(threshold > 0))
    throw new LowbitError(
      ErrorCode.Argument,
      `int8Linear: threshold must be > 0 (Infinity turns detection off); got ${threshold}.`,
    );
  const inputs = outliers ? [x, w, scales, outliers] : [x, w, scales];
  return single(x.host.run(Int8Linear, inputs, attrs));
}

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
