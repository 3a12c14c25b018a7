import { cpuBackend } from '@lowbit/backend-cpu';
import { Engine } from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import { LlamaSession, tensorsOf } from '@lowbit/llm';
import { describe, expect, it } from 'vitest';
import { randomLlama, STORIES_15M } from './random-llama.mjs';

registerAllFormats();
const engine = new Engine().use(cpuBackend());

describe('randomLlama', () => {
  it('has stories15M’s 15.2M parameters with a tied classifier', () => {
    const weights = randomLlama(engine, STORIES_15M);
    const unique = new Set(tensorsOf(weights));
    let params = 0;
    for (const t of unique) params += t.size;
    // llama2.c's stories15M: 6 × (4·288² + 3·288·768) + 32000·288 + 13·288 norms.
    expect(params).toBe(6 * (4 * 288 * 288 + 3 * 288 * 768) + 32000 * 288 + 13 * 288);
    expect(weights.output.weight).toBe(weights.tokenEmbd);
  });

  it('runs a decode step in a packed format, and the same seed gives the same logits', async () => {
    const tiny = {
      ...STORIES_15M,
      dim: 32,
      hiddenDim: 64,
      layers: 2,
      heads: 2,
      kvHeads: 2,
      headDim: 16,
      vocabSize: 64,
    };
    const step = async () => {
      const session = new LlamaSession(
        tiny,
        randomLlama(engine, tiny, { format: 'q8_0' }),
        engine,
        'cpu',
        { contextLength: 4 },
      );
      return session.step(1);
    };
    const [a, b] = [await step(), await step()];
    expect(a.length).toBe(64);
    expect(a.every(Number.isFinite)).toBe(true);
    expect(a).toEqual(b);
  });
});
