import { blockHadamard, randomHadamard } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { engines, randomFloats, relativeError } from '../cross-check.ts';

function worstUlps(got: Float32Array, want: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++)
    worst = Math.max(
      worst,
      Math.abs(got[i]! - want[i]!) / Math.max(Math.abs(want[i]!) * 2 ** -23, 2 ** -30),
    );
  return worst;
}

/** Largest difference relative to the largest reference value (f32 H_m sums vs f64 ones). */
function worstOfScale(got: Float32Array, want: Float32Array): number {
  const top = want.reduce((t, v) => Math.max(t, Math.abs(v)), 0);
  return got.reduce((w, v, i) => Math.max(w, Math.abs(v - want[i]!) / top), 0);
}

describe('wasm random and block Hadamard against the cpu kernels', () => {
  it('random Hadamard (one and two blocks, forward and inverse) within 2 ulp (m·2^k: 4 ulp of the largest value); same seeded signs', async () => {
    const { wasm, cpu } = await engines();
    for (const n of [1, 16, 1024, 4096, 12, 20 * 64, 28 * 4, 40 * 32]) {
      const x = randomFloats(8 * n, n);
      for (const attrs of [
        { seed: 7 },
        { seed: 7, twoBlock: true },
        { seed: 9, inverse: true },
        { seed: 9, twoBlock: true, inverse: true },
      ]) {
        const got = randomHadamard(wasm.tensor(x, [8, n]), attrs);
        const want = randomHadamard(cpu.tensor(x, [8, n]), attrs);
        expect(got.location).toBe('wasm');
        const [a, b] = [got.readSync(), want.readSync()];
        if ((n & (n - 1)) === 0)
          expect(worstUlps(a, b), `n=${n} ${JSON.stringify(attrs)}`).toBeLessThanOrEqual(2);
        else
          expect(worstOfScale(a, b), `n=${n} ${JSON.stringify(attrs)}`).toBeLessThan(4 * 2 ** -23);
      }
    }
  });

  it('block Hadamard for every block size, with and without signs, and the round trip', async () => {
    const { wasm, cpu } = await engines();
    const x = randomFloats(4 * 512, 3);
    for (const block of [16, 32, 64, 128] as const) {
      for (const attrs of [{ block }, { block, seed: 5 }, { block, seed: 5, inverse: true }]) {
        const got = blockHadamard(wasm.tensor(x, [4, 512]), attrs);
        const want = blockHadamard(cpu.tensor(x, [4, 512]), attrs);
        expect(
          worstUlps(got.readSync(), want.readSync()),
          JSON.stringify(attrs),
        ).toBeLessThanOrEqual(2);
      }
      const there = blockHadamard(wasm.tensor(x, [4, 512]), { block, seed: 1 });
      const back = blockHadamard(there, { block, seed: 1, inverse: true }).readSync();
      expect(relativeError(back, x)).toBeLessThan(1e-6);
    }
  });
});
