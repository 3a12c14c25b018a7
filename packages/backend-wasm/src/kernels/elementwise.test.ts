import { add, mul } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { engines, expectSameBits, randomFloats } from '../cross-check.ts';

/** [a, b] shapes: same shape, scalars, row and column vectors, general broadcasting. */
const SHAPES: [number[], number[]][] = [
  [[37], [37]],
  [
    [3, 41],
    [3, 41],
  ],
  [[5, 33], [1]],
  [[1], [5, 33]],
  [[], [4, 9]],
  [[], []],
  [[6, 35], [35]],
  [[35], [6, 35]],
  [
    [6, 35],
    [6, 1],
  ],
  [
    [2, 1, 7],
    [3, 1],
  ],
  [
    [4, 1, 3, 17],
    [1, 5, 1, 17],
  ],
  [
    [2, 3, 0],
    [3, 1],
  ],
];

describe('add and mul on wasm: NumPy broadcasting, bit-identical to cpu', () => {
  it.each(SHAPES)('%j with %j', async (sa, sb) => {
    const { wasm, cpu } = await engines();
    const size = (s: number[]) => s.reduce((p, d) => p * d, 1);
    const a = randomFloats(size(sa), 1 + sa.length, 100);
    const b = randomFloats(size(sb), 7 + sb.length, 100);
    for (const op of [add, mul]) {
      expect(wasm.plan(op.name, ['f32', 'f32'], 'wasm')).toMatchObject({ viaCpu: false });
      const got = await op(wasm.tensor(a, sa), wasm.tensor(b, sb));
      const want = await op(cpu.tensor(a, sa), cpu.tensor(b, sb));
      expect(got.location).toBe('wasm');
      expect(got.shape).toEqual(want.shape);
      expectSameBits(got.readSync(), want.readSync(), `${op.name} ${sa} ${sb}`);
    }
  });

  it('shapes that do not broadcast fail with E_SHAPE', async () => {
    const { wasm } = await engines();
    expect(() => add(wasm.tensor(new Float32Array(6), [2, 3]), wasm.tensor([1, 2], [2]))).toThrow(
      expect.objectContaining({ code: 'E_SHAPE' }),
    );
  });
});
