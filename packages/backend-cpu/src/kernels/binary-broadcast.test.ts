import { add, createRng, engine, mul, type Shape, sizeOf, tensor } from '@lowbit/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '../plugin.ts';
import { broadcastBinary } from './binary-broadcast.ts';

beforeAll(() => {
  if (!engine.backends.has('cpu')) engine.use(cpuBackend());
});

/** Broadcasting by its definition: each output index maps to clamped input indices. */
function naive(
  a: Float32Array,
  as: Shape,
  b: Float32Array,
  bs: Shape,
  out: Shape,
  fn: (x: number, y: number) => number,
) {
  const result = new Float32Array(sizeOf(out));
  const flat = (shape: Shape, index: number[]) => {
    let offset = 0;
    for (let d = 0; d < shape.length; d++) {
      const i = index[index.length - shape.length + d]!;
      offset = offset * shape[d]! + (shape[d] === 1 ? 0 : i);
    }
    return offset;
  };
  for (let i = 0; i < result.length; i++) {
    const index: number[] = [];
    let rest = i;
    for (let d = out.length - 1; d >= 0; d--) {
      index.unshift(rest % out[d]!);
      rest = Math.floor(rest / out[d]!);
    }
    result[i] = fn(a[flat(as, index)]!, b[flat(bs, index)]!);
  }
  return result;
}

const dims = fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 4 });

describe('cpu add / mul', () => {
  it('broadcast exactly as the definition for random compatible shapes (property)', () => {
    fc.assert(
      fc.property(
        dims,
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 0, max: 4 }),
        (shape, ones, drop) => {
          const bShape = shape.slice(Math.min(drop, shape.length)).map((d, i) => (ones[i] ? 1 : d));
          const rng = createRng(shape.length * 31 + drop);
          const a = Float32Array.from({ length: sizeOf(shape) }, () => rng.nextFloat());
          const b = Float32Array.from({ length: sizeOf(bShape) }, () => rng.nextFloat());
          for (const fn of [(x: number, y: number) => x + y, (x: number, y: number) => x * y]) {
            const got = broadcastBinary(a, shape, b, bShape, fn);
            expect(got.shape).toEqual(shape);
            expect(got.values).toEqual(naive(a, shape, b, bShape, shape, fn));
            const swapped = broadcastBinary(b, bShape, a, shape, fn);
            expect(swapped.values).toEqual(naive(b, bShape, a, shape, shape, fn));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('runs through the ops with float32 results', async () => {
    const a = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const row = tensor([10, 20, 30], [3]);
    const col = tensor([100, 200], [2, 1]);
    expect(Array.from(add(a, row).readSync())).toEqual([11, 22, 33, 14, 25, 36]);
    expect(Array.from(mul(a, col).readSync())).toEqual([100, 200, 300, 800, 1000, 1200]);
    const scalar = add(tensor([0.1]), tensor([0.2]));
    expect(scalar.readSync()[0]).toBe(Math.fround(Math.fround(0.1) + Math.fround(0.2)));
    expect(() => add(a, tensor([1, 2], [2]))).toThrow(expect.objectContaining({ code: 'E_SHAPE' }));
  });
});
