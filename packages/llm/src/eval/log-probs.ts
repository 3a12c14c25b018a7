/**
 * Per-position scoring as llama.cpp's tools/perplexity/perplexity.cpp computes it: the NLL of the
 * next token under softmax(logits); the base model's log-probs kept as 16-bit codes over the
 * 16 nats below the maximum (`log_softmax(…, uint16_t * log_prob, …)`, what --kl-divergence-base
 * writes); and KL(base ‖ model) with top-1 agreement from those codes (`log_softmax(…,
 * base_log_prob, …, kld)`: terms with base log-prob ≤ −16 are dropped, ties go to the first id).
 */

/** Logits below max − LOG_PROB_RANGE are stored as the range's floor. */
export const LOG_PROB_RANGE = 16;

export interface RowSoftmax {
  max: number;
  /** Index of the first maximum. */
  argmax: number;
  /** log Σ exp(logit − max). */
  logSumExp: number;
}

export function rowSoftmax(row: Float32Array): RowSoftmax {
  let max = row[0]!;
  let argmax = 0;
  for (let i = 1; i < row.length; i++)
    if (row[i]! > max) {
      max = row[i]!;
      argmax = i;
    }
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += Math.exp(row[i]! - max);
  return { max, argmax, logSumExp: Math.log(sum) };
}

/** −log softmax(row)[target]. */
export const rowNll = (row: Float32Array, s: RowSoftmax, target: number): number =>
  s.max + s.logSumExp - row[target]!;

/** Rows of packed log-probs: row r's codes are codes[r·vocab …], its scale and floor at r. */
export interface PackedLogProbs {
  scale: Float32Array;
  minLogProb: Float32Array;
  codes: Uint16Array;
}

/** Stores row's log-probs as 16-bit codes: log p_i ≈ scale·code_i + minLogProb. */
export function packLogProbs(
  row: Float32Array,
  s: RowSoftmax,
  into: PackedLogProbs,
  index: number,
): void {
  let min = row[0]!;
  for (let i = 1; i < row.length; i++) if (row[i]! < min) min = row[i]!;
  min = Math.max(min, s.max - LOG_PROB_RANGE);
  const scale = Math.fround((s.max - min) / 65535);
  into.scale[index] = scale;
  into.minLogProb[index] = min - s.max - s.logSumExp;
  const codes = into.codes.subarray(index * row.length, (index + 1) * row.length);
  if (scale === 0) codes.fill(0);
  else
    for (let i = 0; i < row.length; i++)
      codes[i] = row[i]! > min ? Math.round((row[i]! - min) / scale) : 0;
}

export interface RowDivergence {
  kl: number;
  /** The model's top token is the base's. */
  sameTop: boolean;
}

/** KL(base ‖ model) of one row against the base's codes at `index`. */
export function rowDivergence(
  row: Float32Array,
  s: RowSoftmax,
  base: PackedLogProbs,
  index: number,
): RowDivergence {
  const scale = base.scale[index]!;
  const floor = base.minLogProb[index]!;
  const codes = base.codes.subarray(index * row.length, (index + 1) * row.length);
  const norm = s.max + s.logSumExp;
  let kl = 0;
  let top = 0;
  let topLogProb = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < row.length; i++) {
    const logBase = scale * codes[i]! + floor;
    if (logBase > topLogProb) {
      topLogProb = logBase;
      top = i;
    }
    if (logBase > -LOG_PROB_RANGE) kl += Math.exp(logBase) * (logBase - row[i]! + norm);
  }
  return { kl, sameTop: top === s.argmax };
}

/** Linear interpolation between order statistics at fraction·(n − 1), as llama.cpp's `percentile`. */
export function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const p = fraction * (sorted.length - 1);
  const i = Math.floor(p);
  const next = sorted[Math.min(i + 1, sorted.length - 1)]!;
  return (1 - (p - i)) * sorted[i]! + (p - i) * next;
}
