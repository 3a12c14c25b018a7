import { int8Linear, type Tensor } from '@lowbit/core';
import { quantizeInt8Outliers } from '@lowbit/quant';
import { describe, expect, it } from 'vitest';
import { engines, randomFloats, relativeError } from '../cross-check.ts';

describe('wasm LLM.int8() linear against the cpu reference', () => {
  // Codes and integer dot products are identical; only the f32 scaling of block sums differs.
  const TOLERANCE = 1e-5;

  it.each([
    [1, 64, 256, [], 6],
    [5, 33, 320, [3, 300], 6],
    [3, 17, 100, [99], 6],
    [4, 40, 512, [], Number.POSITIVE_INFINITY],
  ] as const)('%i×%i×%i, kept columns %j, threshold %d', async (m, n, k, columns, threshold) => {
    const { wasm, cpu } = await engines();
    const x = randomFloats(m * k, m * k, 4);
    for (let i = 0; i < m; i++) x[i * k + ((7 * i) % k)] = 30 * (i % 2 ? -1 : 1);
    const q = quantizeInt8Outliers(randomFloats(n * k, n * k), [n, k], { columns });
    const run = (engine: typeof wasm): Tensor =>
      int8Linear(
        engine.tensor(x, [m, k]),
        engine.fromBytes(q.weight, [n, k], 'int8'),
        engine.tensor(q.scales, [n, 1]),
        columns.length ? engine.tensor(q.outliers, [n, columns.length]) : undefined,
        { columns, threshold },
      );
    expect(wasm.plan('int8-linear', ['f32', 'int8', 'f32'], 'wasm')).toMatchObject({
      backend: 'wasm',
      decode: [],
    });
    const got = run(wasm);
    expect(got.location).toBe('wasm');
    expect(relativeError(got.readSync(), run(cpu).readSync())).toBeLessThan(TOLERANCE);
  });
});
