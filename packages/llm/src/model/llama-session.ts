/**
 * One sequence through a Llama-family model: a KV cache per layer and the forward pass of
 * llama2.c's run.c `forward()` (and llama.cpp's llm_build_llama), batched over the tokens given —
 * a prompt's prefill is one [T, dim] pass through every op, a decode step is T = 1. Every op is
 * an engine op on the weights' backend, inside a tidy scope, so a step leaves only its logits.
 */
import {
  add,
  attention,
  type Engine,
  ErrorCode,
  getRows,
  LowbitError,
  linear,
  rmsnorm,
  rope,
  swiglu,
  type Tensor,
  writeRows,
} from '@lowbit/core';
import type { LlamaConfig } from './llama-config.ts';
import type { LinearWeight, LlamaWeights } from './llama-weights.ts';

export interface SessionOptions {
  /** Cache rows (positions) to allocate (default: the model's context length). */
  contextLength?: number;
  /** KV-cache format (default f32). */
  kvFormat?: 'f32' | 'f16';
}

export interface ForwardOptions {
  /** Logits of every position given ([T, vocab]) instead of the last one only ([1, vocab]). */
  allLogits?: boolean;
}

/** y = input(x)·Wᵀ (+ bias) through the engine's linear kernel for W's format. */
export function applyLinear(x: Tensor, w: LinearWeight): Tensor {
  const y = linear(w.input ? w.input(x) : x, w.weight, w.scales);
  return w.bias ? add(y, w.bias) : y;
}

export class LlamaSession {
  /** Positions already in the cache: the next token goes at this position. */
  position = 0;
  readonly contextLength: number;
  private readonly keys: Tensor[];
  private readonly values: Tensor[];

  constructor(
    readonly config: LlamaConfig,
    private readonly weights: LlamaWeights,
    private readonly engine: Engine,
    backend: string | undefined,
    options: SessionOptions = {},
  ) {
    this.contextLength = options.contextLength ?? config.contextLength;
    if (!(Number.isSafeInteger(this.contextLength) && this.contextLength > 0))
      throw new LowbitError(
        ErrorCode.Argument,
        `contextLength must be a positive integer; got ${this.contextLength}.`,
      );
    const shape = [this.contextLength, config.kvHeads * config.headDim];
    const cache = () =>
      engine.zeros(shape, { backend, mutable: true, format: options.kvFormat ?? 'f32' });
    this.keys = Array.from({ length: config.layers }, cache);
    this.values = Array.from({ length: config.layers }, cache);
  }

  /**
   * Runs `tokens` at positions position … position+T−1 and appends their keys and values to the
   * cache. Returns the logits tensor (f32 [1 or T, vocab]); the caller disposes it.
   */
  forward(tokens: readonly number[], options: ForwardOptions = {}): Tensor {
    const start = this.position;
    const count = tokens.length;
    if (count === 0) throw new LowbitError(ErrorCode.Argument, 'forward needs at least one token.');
    if (start + count > this.contextLength)
      throw new LowbitError(
        ErrorCode.Argument,
        `${count} tokens at position ${start} do not fit the ${this.contextLength}-position ` +
          'context; reset() the session, or make one with a larger contextLength.',
        { details: { position: start, tokens: count, contextLength: this.contextLength } },
      );
    const logits = this.engine.tidy(() => this.run(tokens, start, options.allLogits === true));
    this.position += count;
    return logits;
  }

  /** Logits (host copy) of the prompt's last position, or of every position with allLogits. */
  async prefill(tokens: readonly number[], options: ForwardOptions = {}): Promise<Float32Array> {
    return readAndDispose(this.forward(tokens, options));
  }

  /** One token at the next position: its logits (host copy). */
  async step(token: number): Promise<Float32Array> {
    return readAndDispose(this.forward([token]));
  }

  /** Forgets the sequence; the caches are reused (rows past `position` are never read). */
  reset(): void {
    this.position = 0;
  }

  dispose(): void {
    for (const t of [...this.keys, ...this.values]) if (!t.disposed) t.dispose();
  }

  private run(tokens: readonly number[], start: number, allLogits: boolean): Tensor {
    const { config: c, weights: w } = this;
    const positions = Array.from(tokens, (_, i) => start + i);
    const ropeAttrs = {
      headDim: c.headDim,
      offset: start,
      theta: c.ropeTheta,
      style: c.ropeStyle,
    } as const;
    const norm = { eps: c.rmsEps };
    const attn = {
      heads: c.heads,
      kvHeads: c.kvHeads,
      length: start + tokens.length,
      positions,
    };
    let x = getRows(w.tokenEmbd, tokens);
    for (const [l, layer] of w.layers.entries()) {
      const h = rmsnorm(x, layer.attnNorm, norm);
      const q = rope(applyLinear(h, layer.q), ropeAttrs);
      const k = rope(applyLinear(h, layer.k), ropeAttrs);
      writeRows(this.keys[l]!, start, k);
      writeRows(this.values[l]!, start, applyLinear(h, layer.v));
      const mixed = attention(q, this.keys[l]!, this.values[l]!, attn);
      x = add(x, applyLinear(mixed, layer.o));
      const f = rmsnorm(x, layer.ffnNorm, norm);
      x = add(
        x,
        applyLinear(swiglu(applyLinear(f, layer.gate), applyLinear(f, layer.up)), layer.down),
      );
    }
    if (!allLogits && tokens.length > 1) x = getRows(x, [tokens.length - 1]);
    return applyLinear(rmsnorm(x, w.outputNorm, norm), w.output);
  }
}

async function readAndDispose(t: Tensor): Promise<Float32Array> {
  try {
    return await t.read();
  } finally {
    t.dispose();
  }
}
