import { matmul } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { engines, randomFloats, relativeError } from '../cross-check.ts';

describe('wasm f32 matmul against the cpu kernel', () => {
  it('every transpose combination; edges of the 4×8 tile and the 256-deep panel', async () => {
    const { wasm, cpu } = await engines();
    for (const [m, k, n] of [
      [1, 1, 1],
      [4, 8, 8],
      [5, 3, 9],
      [7, 257, 13],
      [33, 600, 70],
      [64, 64, 64],
    ] as const) {
      for (const transposeA of [false, true])
        for (const transposeB of [false, true]) {
          const a = randomFloats(m * k, m * 7 + k);
          const b = randomFloats(k * n, n * 3 + k);
          const shapeA = transposeA ? [k, m] : [m, k];
          const shapeB = transposeB ? [n, k] : [k, n];
          const attrs = { transposeA, transposeB };
          const got = matmul(wasm.tensor(a, shapeA), wasm.tensor(b, shapeB), attrs);
          const want = matmul(cpu.tensor(a, shapeA), cpu.tensor(b, shapeB), attrs);
          expect(got.location).toBe('wasm');
          expect(got.shape).toEqual([m, n]);
          expect(
            relativeError(got.readSync(), want.readSync()),
            `${m}×${k}×${n} ${JSON.stringify(attrs)}`,
          ).toBeLessThan(1e-6);
        }
    }
  });

  it('an empty inner dimension gives zeros', async () => {
    const { wasm } = await engines();
    const c = matmul(
      wasm.tensor(new Float32Array(0), [3, 0]),
      wasm.tensor(new Float32Array(0), [0, 2]),
    );
    expect([...c.readSync()]).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
