/**
 * `evaluate`: perplexity of a text under a model, and — given a baseline recorded from the f32
 * model with `recordBaseline` — mean KL-divergence and top-1 agreement against it, as llama.cpp's
 * `llama-perplexity --kl-divergence` reports them. Both protocols are in ./windows.ts.
 *
 * A baseline keeps, per scored position, the base model's log-probs as llama.cpp's
 * --kl-divergence-base file does: vocab 16-bit codes plus a scale and a floor, so it holds
 * positions × (2·vocab + 8) bytes plus 4 per position for the targets (stories260K, vocab 512, on
 * 2,000 positions: 2 MB; a 32k vocabulary on 100k positions: 6.4 GB). `maxBytes` bounds it.
 */
import { ErrorCode, LowbitError } from '@lowbit/core';
import type { LlamaModel } from '../model/load-llama.ts';
import type { Tokenizer } from '../tokenizer/tokenizer.ts';
import {
  type PackedLogProbs,
  packLogProbs,
  percentile,
  rowDivergence,
  rowNll,
  rowSoftmax,
} from './log-probs.ts';
import {
  defaultCtx,
  type Protocol,
  type ScoringWindow,
  scoredCount,
  scoringWindows,
} from './windows.ts';

export interface EvalOptions {
  protocol: Protocol;
  /** Window length (default: the model's context for `lines`, min(512, context) for `chunks`). */
  ctx?: number;
  /** `chunks` only: score the first N chunks (llama-perplexity's --chunks). */
  chunks?: number;
  /** The f32 model's log-probs on the same text and protocol, for KL and top-1 agreement. */
  baseline?: LogitsBaseline;
  /** Called after each window with the positions scored so far and in all. */
  onProgress?(done: number, total: number): void;
}

export interface BaselineOptions extends Omit<EvalOptions, 'baseline'> {
  /** Refuse a baseline larger than this (default 1 GiB). */
  maxBytes?: number;
}

export interface LogitsBaseline extends PackedLogProbs {
  protocol: Protocol;
  ctx: number;
  vocab: number;
  /** The token each scored position predicts, in order. */
  targets: Int32Array;
}

export interface EvalResult {
  perplexity: number;
  /** Mean natural-log NLL per scored token. */
  meanNll: number;
  /** Scored tokens. */
  tokens: number;
  /** KL(f32 ‖ model) per position: its mean and 99th percentile (with a baseline). */
  kl?: { mean: number; p99?: number };
  /** Share of positions whose top token is the baseline's (0…1; with a baseline). */
  top1?: number;
  seconds: number;
  /** Tokens run through the model (scored or not) per second. */
  tokensPerSecond: number;
}

const DEFAULT_BASELINE_BYTES = 2 ** 30;

function windowsFor(
  model: LlamaModel,
  tokenizer: Tokenizer,
  text: string,
  options: EvalOptions,
): { windows: ScoringWindow[]; ctx: number } {
  const limit = model.config.contextLength;
  const ctx = options.ctx ?? defaultCtx(options.protocol, limit);
  if (ctx > limit)
    throw new LowbitError(
      ErrorCode.Argument,
      `ctx ${ctx} is longer than the model's ${limit}-position context; pass ctx ≤ ${limit}.`,
    );
  return { windows: scoringWindows(tokenizer, text, { ...options, ctx }), ctx };
}

/** Runs every window and hands each scored row (logits, target) to `score`. */
async function runWindows(
  model: LlamaModel,
  windows: readonly ScoringWindow[],
  ctx: number,
  onProgress: EvalOptions['onProgress'],
  score: (row: Float32Array, target: number) => void,
): Promise<number> {
  const vocab = model.config.vocabSize;
  const total = windows.reduce((n, w) => n + scoredCount(w), 0);
  const session = model.newSession({ contextLength: ctx });
  let done = 0;
  let run = 0;
  try {
    for (const w of windows) {
      if (scoredCount(w) === 0) continue;
      session.reset();
      const logits = await session.prefill(w.tokens, { allLogits: true });
      for (let t = w.first; t + 1 < w.tokens.length; t++)
        score(logits.subarray(t * vocab, (t + 1) * vocab), w.tokens[t + 1]!);
      run += w.tokens.length;
      done += scoredCount(w);
      onProgress?.(done, total);
    }
  } finally {
    session.dispose();
  }
  return run;
}

function checkBaseline(
  base: LogitsBaseline,
  options: EvalOptions,
  ctx: number,
  vocab: number,
  windows: readonly ScoringWindow[],
): void {
  const targets = windows.flatMap((w) => w.tokens.slice(w.first + 1));
  const same =
    base.protocol === options.protocol &&
    base.ctx === ctx &&
    base.vocab === vocab &&
    base.targets.length === targets.length &&
    targets.every((t, i) => base.targets[i] === t);
  if (!same)
    throw new LowbitError(
      ErrorCode.Argument,
      `the baseline was recorded on another text, protocol or ctx (${base.protocol}, ctx ` +
        `${base.ctx}, ${base.targets.length} positions; now ${options.protocol}, ctx ${ctx}, ` +
        `${targets.length}); record it with the same text and options.`,
    );
}

export async function evaluate(
  model: LlamaModel,
  tokenizer: Tokenizer,
  text: string,
  options: EvalOptions,
): Promise<EvalResult> {
  const started = performance.now();
  const { windows, ctx } = windowsFor(model, tokenizer, text, options);
  const base = options.baseline;
  if (base) checkBaseline(base, options, ctx, model.config.vocabSize, windows);
  const kls: number[] = [];
  let nll = 0;
  let count = 0;
  let sameTop = 0;
  const ran = await runWindows(model, windows, ctx, options.onProgress, (row, target) => {
    const s = rowSoftmax(row);
    nll += rowNll(row, s, target);
    if (base) {
      const d = rowDivergence(row, s, base, count);
      kls.push(d.kl);
      if (d.sameTop) sameTop++;
    }
    count++;
  });
  const seconds = (performance.now() - started) / 1000;
  const meanNll = count > 0 ? nll / count : Number.NaN;
  const result: EvalResult = {
    perplexity: Math.exp(meanNll),
    meanNll,
    tokens: count,
    seconds,
    tokensPerSecond: seconds > 0 ? ran / seconds : Number.POSITIVE_INFINITY,
  };
  if (!base) return result;
  const sorted = Float64Array.from(kls).sort();
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(count, 1);
  return { ...result, kl: { mean, p99: percentile(sorted, 0.99) }, top1: sameTop / count };
}

/** The model's log-probs at every position `evaluate` scores with the same text and options. */
export async function recordBaseline(
  model: LlamaModel,
  tokenizer: Tokenizer,
  text: string,
  options: BaselineOptions,
): Promise<LogitsBaseline> {
  const { windows, ctx } = windowsFor(model, tokenizer, text, options);
  const vocab = model.config.vocabSize;
  const positions = windows.reduce((n, w) => n + scoredCount(w), 0);
  const bytes = positions * (2 * vocab + 12);
  const maxBytes = options.maxBytes ?? DEFAULT_BASELINE_BYTES;
  if (bytes > maxBytes)
    throw new LowbitError(
      ErrorCode.Argument,
      `a baseline of ${positions} positions × ${vocab} tokens needs ${bytes} bytes, over the ` +
        `${maxBytes}-byte limit; score fewer chunks or raise maxBytes.`,
      { details: { positions, vocab, bytes, maxBytes } },
    );
  const base: LogitsBaseline = {
    protocol: options.protocol,
    ctx,
    vocab,
    targets: new Int32Array(positions),
    scale: new Float32Array(positions),
    minLogProb: new Float32Array(positions),
    codes: new Uint16Array(positions * vocab),
  };
  let index = 0;
  await runWindows(model, windows, ctx, options.onProgress, (row, target) => {
    packLogProbs(row, rowSoftmax(row), base, index);
    base.targets[index++] = target;
  });
  return base;
}
