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
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';
import { Int8Linear, type Int8LinearAttrs } from '../kernel/op-names.ts';
import { matmulShape } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { linearGroups } from './matmul.ts';
import { NO_ATTRS } from './no-attrs.ts';

/** Default activation magnitude that marks an outlier column (the paper's 6.0). */
export const INT8_OUTLIER_THRESHOLD = 6;

function fail(message: string): never {
  throw new LowbitError(ErrorCode.Shape, `int8Linear: ${message}`);
}

/**
 * y = x·Wᵀ for int8 W [N, K] with per-channel `scales` [N, 1]; `outliers` [N, C] holds W's
 * columns `attrs.columns` in f32 (required exactly when columns are given).
 */
export function int8Linear(
  x: Tensor,
  w: Tensor,
  scales: Tensor,
  outliers?: Tensor,
  attrs: Int8LinearAttrs = NO_ATTRS,
): Tensor {
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
  return x.host.runOne(Int8Linear, inputs, attrs);
}
