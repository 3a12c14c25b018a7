/**
 * Next-token sampling over a row of logits, in llama.cpp's default chain order (common/sampling:
 * penalties → top-k → top-p → min-p → temperature → draw): a repetition penalty on recent
 * tokens (CTRL: positive logits divided, negative multiplied), then the candidates cut by top-k,
 * by cumulative probability top-p, and by min-p (p ≥ min-p · p_max), then one draw from the
 * softmax at `temperature` with core's seeded RNG. Temperature 0 is greedy (argmax, lowest id on
 * ties — run.c's rule).
 */
import { createRng, ErrorCode, LowbitError, type Rng } from '@lowbit/core';

export interface SamplerOptions {
  /** Softmax temperature; 0 = greedy (default 1). */
  temperature?: number;
  /** Keep only the k most likely tokens (0 or absent: all). */
  topK?: number;
  /** Keep the smallest set of most likely tokens whose probability reaches p (1 or absent: all). */
  topP?: number;
  /** Drop tokens less likely than minP × the most likely one's probability (0 or absent: none). */
  minP?: number;
  /** > 1 discourages tokens in the recent history (1 or absent: off). */
  repetitionPenalty?: number;
  /** How many of the last tokens the penalty looks at (default 64, llama.cpp's). */
  penaltyWindow?: number;
  /** RNG seed (default 0): the same seed and inputs give the same tokens. */
  seed?: number | bigint;
}

export interface Sampler {
  /** The next token for `logits` (one row), given the tokens so far (for the penalty). */
  sample(logits: Float32Array, history?: readonly number[]): number;
}

/** Index of the largest value (the first on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new LowbitError(ErrorCode.Argument, `sampler: ${message}`);
}

function penalize(logits: Float32Array, recent: readonly number[], penalty: number): Float32Array {
  const out = Float32Array.from(logits);
  for (const id of new Set(recent)) {
    if (id < 0 || id >= out.length) continue;
    out[id] = out[id]! > 0 ? out[id]! / penalty : out[id]! * penalty;
  }
  return out;
}

/** The candidates' probabilities at temperature `t` (max subtracted), in the candidates' order. */
function softmax(logits: Float32Array, ids: readonly number[], t: number): Float64Array {
  const max = logits[ids[0]!]!;
  const p = Float64Array.from(ids, (id) => Math.exp((logits[id]! - max) / t));
  const sum = p.reduce((a, b) => a + b, 0);
  return p.map((v) => v / sum);
}

function draw(p: Float64Array, rng: Rng): number {
  const total = p.reduce((a, b) => a + b, 0);
  const coin = rng.nextFloat() * total;
  let cdf = 0;
  for (let i = 0; i < p.length; i++) {
    cdf += p[i]!;
    if (coin < cdf) return i;
  }
  return p.length - 1;
}

export function createSampler(options: SamplerOptions = {}): Sampler {
  const { temperature = 1, topK = 0, topP = 1, minP = 0, repetitionPenalty = 1 } = options;
  const window = options.penaltyWindow ?? 64;
  check(
    temperature >= 0 && Number.isFinite(temperature),
    `temperature ${temperature} must be ≥ 0.`,
  );
  check(Number.isInteger(topK) && topK >= 0, `topK ${topK} must be a whole number ≥ 0.`);
  check(topP > 0 && topP <= 1, `topP ${topP} must be in (0, 1].`);
  check(minP >= 0 && minP <= 1, `minP ${minP} must be in [0, 1].`);
  check(repetitionPenalty > 0, `repetitionPenalty ${repetitionPenalty} must be > 0.`);
  check(Number.isInteger(window) && window >= 0, `penaltyWindow ${window} must be ≥ 0.`);
  const rng = createRng(options.seed ?? 0);
  return {
    sample(row, history = []) {
      const logits =
        repetitionPenalty === 1 ? row : penalize(row, history.slice(-window), repetitionPenalty);
      if (temperature === 0) return argmax(logits);
      // Candidates by descending logit (ties by id, so the order never depends on the sort).
      let ids = Array.from(logits.keys()).sort((a, b) => logits[b]! - logits[a]! || a - b);
      if (topK > 0) ids = ids.slice(0, topK);
      // top-p and min-p cut on the unscaled distribution, as llama.cpp's chain does before temp.
      let p = softmax(logits, ids, 1);
      let keep = ids.length;
      if (topP < 1) {
        let cdf = 0;
        for (let i = 0; i < ids.length; i++) {
          cdf += p[i]!;
          if (cdf >= topP) {
            keep = i + 1;
            break;
          }
        }
      }
      if (minP > 0) {
        const floor = minP * p[0]!;
        while (keep > 1 && p[keep - 1]! < floor) keep--;
      }
      ids = ids.slice(0, keep);
      p = softmax(logits, ids, temperature);
      return ids[draw(p, rng)]!;
    },
  };
}
