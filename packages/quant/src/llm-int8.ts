/**
 * Weights for LLM.int8() (core's `int8Linear`): int8 rows with one absmax scale per output
 * channel, and the outlier input columns kept in f32 — chosen explicitly or from calibration
 * activations (every column where some |x| ≥ threshold).
 */
import { ErrorCode, INT8_OUTLIER_THRESHOLD, LowbitError } from '@lowbit/core';

export interface Int8OutlierOptions {
  /** Input columns to keep in f32. */
  columns?: readonly number[];
  /** Calibration activations [rows, k]: their outlier columns are kept too. */
  calibration?: Float32Array;
  /** Outlier magnitude for `calibration` (default 6). */
  threshold?: number;
}

export interface Int8OutlierWeights {
  /** int8 codes [n, k] (the kept columns are 0), as bytes for `engine.fromBytes(…, 'int8')`. */
  weight: Uint8Array;
  /** One scale per output channel [n, 1]: absmax over the int8 columns / 127. */
  scales: Float32Array;
  /** The kept columns, ascending: `attrs.columns` of int8Linear. */
  columns: number[];
  /** W's kept columns in f32 [n, columns.length]: the `outliers` input. */
  outliers: Float32Array;
}

/** Splits an f32 weight W [n, k] into int8 rows and f32 outlier columns. */
export function quantizeInt8Outliers(
  w: Float32Array,
  [n, k]: readonly [number, number],
  options: Int8OutlierOptions = {},
): Int8OutlierWeights {
  if (w.length !== n * k)
    throw new LowbitError(
      ErrorCode.Shape,
      `quantizeInt8Outliers: ${w.length} weights do not fill [${n}, ${k}].`,
    );
  const kept = new Set(options.columns ?? []);
  for (const c of kept) {
    if (!(Number.isInteger(c) && c >= 0 && c < k))
      throw new LowbitError(
        ErrorCode.Argument,
        `quantizeInt8Outliers: column ${c} is not in [0, ${k}).`,
      );
  }
  const { calibration } = options;
  if (calibration) {
    if (calibration.length % k !== 0)
      throw new LowbitError(
        ErrorCode.Shape,
        `quantizeInt8Outliers: calibration length ${calibration.length} is not a multiple of k = ${k}.`,
      );
    const threshold = options.threshold ?? INT8_OUTLIER_THRESHOLD;
    for (let i = 0; i < calibration.length; i++)
      if (Math.abs(calibration[i]!) >= threshold) kept.add(i % k);
  }
  const columns = [...kept].sort((a, b) => a - b);
  const outliers = new Float32Array(n * columns.length);
  const codes = new Int8Array(n * k);
  const scales = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    const row = w.subarray(j * k, (j + 1) * k);
    columns.forEach((c, t) => {
      outliers[j * columns.length + t] = row[c]!;
    });
    let amax = 0;
    row.forEach((v, c) => {
      if (!kept.has(c)) amax = Math.max(amax, Math.abs(v));
    });
    const scale = amax / 127;
    scales[j] = scale;
    row.forEach((v, c) => {
      codes[j * k + c] = kept.has(c) || scale === 0 ? 0 : Math.round(v / scale);
    });
  }
  return { weight: new Uint8Array(codes.buffer), scales, columns, outliers };
}
