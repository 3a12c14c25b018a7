/**
 * Which tokens a perplexity protocol runs and which of them it scores, as a list of windows, each
 * run from position 0 on a fresh cache with positions `first + 1 …` scored (row t of the logits
 * predicts token t + 1).
 *
 * - `lines` (fixtures/llama2c/golden-perplexity.json, run.c): every non-empty line is a window,
 *   encoded with BOS and cut at the context; every token after BOS is scored.
 * - `chunks` (llama.cpp tools/perplexity/perplexity.cpp, `perplexity()`): the whole text is
 *   tokenized once with BOS and cut into ⌊tokens / ctx⌋ chunks of ctx tokens; each chunk's first
 *   token is replaced by BOS, and only its second half is scored (rows ctx/2 … ctx − 2, so
 *   ctx − ctx/2 − 1 tokens per chunk). Texts shorter than 2·ctx tokens are refused, as there.
 */
import { ErrorCode, LowbitError } from '@lowbit/core';
import type { Tokenizer } from '../tokenizer/tokenizer.ts';

export type Protocol = 'lines' | 'chunks';

export const PROTOCOLS: readonly Protocol[] = ['lines', 'chunks'];

export interface ScoringWindow {
  tokens: number[];
  /** Rows first … tokens.length − 2 are scored, each against the token after it. */
  first: number;
}

export interface WindowOptions {
  protocol: Protocol;
  /** Tokens per window: the cut for `lines`, the chunk size for `chunks`. */
  ctx: number;
  /** `chunks` only: score at most this many chunks (llama-perplexity's --chunks). */
  chunks?: number;
}

function lineWindows(tokenizer: Tokenizer, text: string, ctx: number): ScoringWindow[] {
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => ({ tokens: tokenizer.encode(line, { addBos: true }).slice(0, ctx), first: 0 }));
}

function chunkWindows(
  tokenizer: Tokenizer,
  text: string,
  ctx: number,
  limit: number | undefined,
): ScoringWindow[] {
  if (ctx < 4)
    throw new LowbitError(ErrorCode.Argument, `chunks need ctx ≥ 4 to score anything; got ${ctx}.`);
  const all = tokenizer.encode(text, { addBos: true });
  if (all.length < 2 * ctx)
    throw new LowbitError(
      ErrorCode.Argument,
      `the chunks protocol needs at least 2·ctx = ${2 * ctx} tokens; the text has ${all.length}. ` +
        'Use a longer text or a smaller ctx.',
      { details: { tokens: all.length, ctx } },
    );
  const count = Math.min(Math.floor(all.length / ctx), limit ?? Number.POSITIVE_INFINITY);
  return Array.from({ length: count }, (_, c) => {
    const tokens = all.slice(c * ctx, (c + 1) * ctx);
    if (tokenizer.bos !== undefined) tokens[0] = tokenizer.bos;
    return { tokens, first: Math.floor(ctx / 2) };
  });
}

/** The windows `protocol` runs over `text`; windows with nothing to score are left out. */
export function scoringWindows(
  tokenizer: Tokenizer,
  text: string,
  options: WindowOptions,
): ScoringWindow[] {
  const { protocol, ctx, chunks } = options;
  if (!(Number.isSafeInteger(ctx) && ctx > 0))
    throw new LowbitError(ErrorCode.Argument, `ctx must be a positive integer; got ${ctx}.`);
  if (chunks !== undefined && !(Number.isSafeInteger(chunks) && chunks > 0))
    throw new LowbitError(ErrorCode.Argument, `chunks must be a positive integer; got ${chunks}.`);
  switch (protocol) {
    case 'lines':
      return lineWindows(tokenizer, text, ctx);
    case 'chunks':
      return chunkWindows(tokenizer, text, ctx, chunks);
    default:
      throw new LowbitError(
        ErrorCode.Usage,
        `perplexity protocol "${protocol as string}" is unknown; use ${PROTOCOLS.join(' or ')}.`,
      );
  }
}

/** The window length when none is given: the model's context, at most 512 for chunks (llama.cpp's -c default). */
export const defaultCtx = (protocol: Protocol, contextLength: number): number =>
  protocol === 'chunks' ? Math.min(512, contextLength) : contextLength;

/** Tokens a window scores. */
export const scoredCount = (w: ScoringWindow): number => Math.max(w.tokens.length - 1 - w.first, 0);
