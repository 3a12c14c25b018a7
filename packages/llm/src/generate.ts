/**
 * Text generation as llama2.c run.c's `generate()`: the prompt encoded with BOS, prefilled as one
 * batch, then one sampled token per step until `steps` positions (BOS and prompt included, run.c's
 * `-n`) or a BOS/EOS token. Yields each new token with the text it adds.
 */
import { ErrorCode, LowbitError } from '@lowbit/core';
import type { LlamaModel } from './model/load-llama.ts';
import { createSampler, type Sampler, type SamplerOptions } from './sampling.ts';
import type { Tokenizer } from './tokenizer/tokenizer.ts';

export interface GenerateOptions {
  /** Positions run, BOS and prompt included (run.c's -n; default: the context length). */
  steps?: number;
  /** A sampler, or options for one (default: greedy). */
  sampler?: Sampler | SamplerOptions;
  /** Stop at a BOS or EOS token (default true, as run.c stops at BOS). */
  stopAtEnd?: boolean;
}

export interface GeneratedToken {
  id: number;
  /** The text this token adds (empty while it ends inside a UTF-8 character). */
  text: string;
  /** 0-based position of the token in the sequence. */
  position: number;
}

function isSampler(s: Sampler | SamplerOptions | undefined): s is Sampler {
  return typeof (s as Sampler | undefined)?.sample === 'function';
}

export async function* generate(
  model: LlamaModel,
  tokenizer: Tokenizer,
  prompt: string,
  options: GenerateOptions = {},
): AsyncGenerator<GeneratedToken> {
  const steps = options.steps ?? model.config.contextLength;
  const sampler = isSampler(options.sampler)
    ? options.sampler
    : createSampler(options.sampler ?? { temperature: 0 });
  const tokens = tokenizer.encode(prompt, { addBos: true });
  if (tokens.length === 0)
    throw new LowbitError(ErrorCode.Argument, 'generate: the prompt encodes to no tokens.');
  const context = model.config.contextLength;
  if (tokens.length > Math.min(steps, context))
    throw new LowbitError(
      ErrorCode.Argument,
      tokens.length > context
        ? `generate: the prompt is ${tokens.length} tokens, more than the model's context of ` +
            `${context}; shorten the prompt to under ${context} tokens to leave room to generate.`
        : `generate: the prompt is ${tokens.length} tokens, more than the ${steps} steps ` +
            `(positions) allowed; raise steps (up to the context, ${context}) or shorten the prompt.`,
      { details: { promptTokens: tokens.length, steps, context } },
    );
  const session = model.newSession({ contextLength: Math.min(steps, model.config.contextLength) });
  const ends = new Set([tokenizer.bos, tokenizer.eos].filter((t) => t !== undefined));
  const stopAtEnd = options.stopAtEnd ?? true;
  let text = tokenizer.decode(tokens);
  try {
    let logits = await session.prefill(tokens);
    for (;;) {
      const id = sampler.sample(logits, tokens);
      if (stopAtEnd && ends.has(id)) return;
      tokens.push(id);
      const decoded = tokenizer.decode(tokens);
      // Hold text back while the bytes so far end inside a character.
      const added = decoded.endsWith('\uFFFD') ? '' : decoded.slice(text.length);
      if (added) text = decoded;
      yield { id, text: added, position: tokens.length - 1 };
      // run.c samples a token after each of its `steps` positions; the last is never run.
      if (tokens.length > steps) return;
      logits = await session.step(id);
    }
  } finally {
    session.dispose();
  }
}
