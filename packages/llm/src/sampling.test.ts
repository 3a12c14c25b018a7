import { createRng } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { argmax, createSampler } from './sampling.ts';

/** Distinct logits (a shuffled 0.01 ladder) so that the best k are unambiguous. */
function randomLogits(seed: number, n = 200): Float32Array {
  const rng = createRng(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextU32() % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return Float32Array.from(order, (r) => r * 0.01 - 1);
}

const ranked = (logits: Float32Array) =>
  Array.from(logits.keys()).sort((a, b) => logits[b]! - logits[a]!);

describe('createSampler', () => {
  it('temperature 0 is argmax, the first index on ties', () => {
    const sampler = createSampler({ temperature: 0 });
    expect(sampler.sample(Float32Array.of(1, 3, 3, 2))).toBe(1);
    for (let seed = 0; seed < 20; seed++) {
      const logits = randomLogits(seed);
      expect(sampler.sample(logits)).toBe(argmax(logits));
    }
  });

  it('top-k never picks outside the k best', () => {
    for (let seed = 0; seed < 20; seed++) {
      const logits = randomLogits(seed);
      const k = 1 + (seed % 7);
      const best = new Set(ranked(logits).slice(0, k));
      const sampler = createSampler({ temperature: 5, topK: k, seed });
      for (let i = 0; i < 50; i++) expect(best.has(sampler.sample(logits))).toBe(true);
    }
  });

  it('top-p keeps the smallest head reaching p; min-p drops tokens below minP·p_max', () => {
    // softmax(log [0.5, 0.3, 0.15, 0.05]) is those probabilities.
    const logits = Float32Array.from([0.5, 0.3, 0.15, 0.05], Math.log);
    const topP = createSampler({ topP: 0.75, seed: 1 });
    const minP = createSampler({ minP: 0.4, seed: 1 });
    const seenP = new Set<number>();
    const seenMin = new Set<number>();
    for (let i = 0; i < 400; i++) {
      seenP.add(topP.sample(logits));
      seenMin.add(minP.sample(logits));
    }
    expect([...seenP].sort()).toEqual([0, 1]);
    expect([...seenMin].sort()).toEqual([0, 1]);
  });

  it('the same seed gives the same tokens; another seed other tokens', () => {
    const logits = randomLogits(3);
    const run = (seed: number) => {
      const sampler = createSampler({ temperature: 1.5, topP: 0.95, minP: 0.01, seed });
      return Array.from({ length: 64 }, () => sampler.sample(logits));
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });

  it('temperature → 0 converges to greedy', () => {
    for (let seed = 0; seed < 20; seed++) {
      const logits = randomLogits(seed);
      const sampler = createSampler({ temperature: 1e-4, seed });
      for (let i = 0; i < 10; i++) expect(sampler.sample(logits)).toBe(argmax(logits));
    }
  });

  it('the repetition penalty moves greedy off a repeated token', () => {
    const logits = Float32Array.of(2, 1.9, -1);
    const sampler = createSampler({ temperature: 0, repetitionPenalty: 1.1 });
    expect(sampler.sample(logits, [])).toBe(0);
    expect(sampler.sample(logits, [0])).toBe(1);
    expect(logits[0]).toBe(2);
  });

  it('refuses out-of-range options with E_ARGUMENT', () => {
    for (const bad of [{ temperature: -1 }, { topK: 1.5 }, { topP: 0 }, { minP: 2 }])
      expect(() => createSampler(bad)).toThrow(expect.objectContaining({ code: 'E_ARGUMENT' }));
  });
});
