/**
 * Perplexity of a text under a model. The `lines` protocol is fixtures/llama2c/golden-
 * perplexity.json's (measured with llama2.c run.c): every non-empty line (split on \n) is one
 * sequence, encoded with BOS, run from position 0 and cut at the context length; every token
 * after BOS is scored by its natural-log NLL under the softmax of the previous position's logits.
 * perplexity = exp(total NLL / scored tokens). The `chunks` protocol is llama.cpp's (./eval/windows.ts);
 * `evaluate` (./eval/evaluate.ts) adds KL-divergence and top-1 agreement against a baseline.
 */

import { defaultCtx, type Protocol, scoringWindows } from './eval/windows.ts';
import type { LlamaSession } from './model/llama-session.ts';
import type { LlamaModel } from './model/load-llama.ts';
import type { Tokenizer } from './tokenizer/tokenizer.ts';

export interface PerplexityOptions {
  /** `lines` (default) or llama.cpp's `chunks`; see ./eval/windows.ts. */
  protocol?: Protocol;
  /** Tokens per line at most, or per chunk (default: the model's context; chunks: ≤ 512). */
  contextLength?: number;
  /** Called after each sequence with the running totals. */
  onProgress?(done: number, total: number, result: PerplexityResult): void;
}

export interface PerplexityResult {
  perplexity: number;
  /** Mean natural-log NLL per scored token. */
  meanNll: number;
  totalNll: number;
  scoredTokens: number;
  sequences: number;
}

/**
 * NLL of tokens[first + 1 …] given `logits` ([tokens.length, vocab] row-major, row t predicting
 * token t + 1): the sum, and how many tokens it scores.
 */
export function sequenceNll(
  logits: Float32Array,
  vocab: number,
  tokens: readonly number[],
  first = 0,
): { nll: number; count: number } {
  let nll = 0;
  let count = 0;
  for (let t = first; t + 1 < tokens.length; t++) {
    const row = logits.subarray(t * vocab, (t + 1) * vocab);
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < vocab; i++) if (row[i]! > max) max = row[i]!;
    let sum = 0;
    for (let i = 0; i < vocab; i++) sum += Math.exp(row[i]! - max);
    nll += Math.log(sum) - (row[tokens[t + 1]!]! - max);
    count++;
  }
  return { nll, count };
}

function result(totalNll: number, scoredTokens: number, sequences: number): PerplexityResult {
  const meanNll = scoredTokens > 0 ? totalNll / scoredTokens : Number.NaN;
  return { perplexity: Math.exp(meanNll), meanNll, totalNll, scoredTokens, sequences };
}

export async function perplexity(
  model: LlamaModel,
  tokenizer: Tokenizer,
  text: string,
  options: PerplexityOptions = {},
): Promise<PerplexityResult> {
  const protocol = options.protocol ?? 'lines';
  const ctx = options.contextLength ?? defaultCtx(protocol, model.config.contextLength);
  const windows = scoringWindows(tokenizer, text, { protocol, ctx });
  const session: LlamaSession = model.newSession({ contextLength: ctx });
  let totalNll = 0;
  let scored = 0;
  try {
    for (const [i, w] of windows.entries()) {
      if (w.tokens.length >= w.first + 2) {
        session.reset();
        const logits = await session.prefill(w.tokens, { allLogits: true });
        const { nll, count } = sequenceNll(logits, model.config.vocabSize, w.tokens, w.first);
        totalNll += nll;
        scored += count;
      }
      options.onProgress?.(i + 1, windows.length, result(totalNll, scored, i + 1));
    }
  } finally {
    session.dispose();
  }
  return result(totalNll, scored, windows.length);
}
