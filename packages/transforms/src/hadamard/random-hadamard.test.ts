import { createRng } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import {
  blockHadamard,
  inverseBlockHadamard,
  inverseRandomHadamard,
  randomHadamard,
  randomSigns,
} from './random-hadamard.ts';

const random = (n: number, seed: number) => {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => rng.nextFloat() * 2 - 1);
};
const norm = (x: ArrayLike<number>) => Math.sqrt(Array.from(x).reduce((s, v) => s + v * v, 0));
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!)));

describe('random Hadamard transforms', () => {
  it('draws reproducible, balanced signs from the seed', () => {
    expect(randomSigns(100, 5)).toEqual(randomSigns(100, 5));
    expect(randomSigns(100, 5)).not.toEqual(randomSigns(100, 6));
    const signs = randomSigns(10_000, 1);
    const positive = signs.filter((s) => s === 1).length;
    expect(Math.abs(positive - 5000)).toBeLessThan(250);
  });

  it.each([false, true])('is orthonormal and exactly inverted (twoBlock %s)', (twoBlock) => {
    for (const n of [16, 256, 20 * 64]) {
      const x = random(3 * n, n);
      const y = randomHadamard(x.slice(), n, { seed: 42, twoBlock });
      for (let r = 0; r < 3; r++)
        expect(norm(y.subarray(r * n, r * n + n))).toBeCloseTo(
          norm(x.subarray(r * n, r * n + n)),
          10,
        );
      expect(maxDiff(inverseRandomHadamard(y, n, { seed: 42, twoBlock }), x)).toBeLessThan(1e-12);
    }
  });

  it('differs from the plain Hadamard and between seeds', () => {
    const x = random(64, 1);
    expect(
      maxDiff(
        randomHadamard(x.slice(), 64, { seed: 1 }),
        randomHadamard(x.slice(), 64, { seed: 2 }),
      ),
    ).toBeGreaterThan(0.01);
  });

  it.each([16, 32, 64, 128])(
    'block-diagonal rotation of size %i is inverted exactly, with and without signs',
    (block) => {
      const x = random(block * 6, block);
      for (const seed of [undefined, 7]) {
        const y = blockHadamard(x.slice(), block, seed);
        expect(norm(y)).toBeCloseTo(norm(x), 10);
        expect(maxDiff(inverseBlockHadamard(y, block, seed), x)).toBeLessThan(1e-12);
      }
    },
  );

  it('rejects unsupported block sizes', () => {
    expect(() => blockHadamard(new Float64Array(48), 48)).toThrow(
      expect.objectContaining({ code: 'E_ARGUMENT' }),
    );
  });
});
