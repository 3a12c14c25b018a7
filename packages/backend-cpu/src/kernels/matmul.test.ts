import { createRng, engine, f32, matmul, tensor } from '@lowbit/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '../plugin.ts';
import { matmulKN, matmulNK } from './matmul.ts';

beforeAll(() => {
  if (!engine.backends.has('cpu')) engine.use(cpuBackend());
});

/** The definition: C[i][j] = Σ_p A[i][p]·B[p][j], in float64. */
function naive(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
      c[i * n + j] = s;
    }
  return c;
}

function transpose(x: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) out[c * rows + r] = x[r * cols + c]!;
  return out;
}

const random = (n: number, seed: number) => {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.nextFloat() * 2 - 1);
};

/** Float64 accumulation rounded once: the result is the correctly rounded sum to within 1 ulp. */
function expectClose(got: Float32Array, want: Float64Array): void {
  let worst = 0;
  for (let i = 0; i < want.length; i++)
    worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / Math.max(1, Math.abs(want[i]!)));
  expect(worst).toBeLessThan(2 ** -22);
}

describe('cpu matmul', () => {
  it('matches the definition across tile boundaries', () => {
    for (const [m, k, n] of [
      [1, 1, 1],
      [33, 129, 257],
      [64, 256, 512],
      [5, 300, 3],
      [70, 7, 600],
    ] as const) {
      const a = random(m * k, m);
      const b = random(k * n, n);
      expectClose(matmulKN(a, b, m, k, n), naive(a, b, m, k, n));
      expectClose(matmulNK(a, transpose(b, k, n), m, k, n), naive(a, b, m, k, n));
    }
  });

  it('agrees with the definition for arbitrary small shapes (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer(),
        (m, k, n, seed) => {
          const a = random(m * k, seed);
          const b = random(k * n, seed + 1);
          expectClose(matmulKN(a, b, m, k, n), naive(a, b, m, k, n));
          expectClose(matmulNK(a, transpose(b, k, n), m, k, n), naive(a, b, m, k, n));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('honours transposeA and transposeB through the op', async () => {
    const [m, k, n] = [6, 5, 4];
    const a = random(m * k, 1);
    const b = random(k * n, 2);
    const want = naive(a, b, m, k, n);
    const cases = [
      [tensor(a, [m, k]), tensor(b, [k, n]), {}],
      [tensor(transpose(a, m, k), [k, m]), tensor(b, [k, n]), { transposeA: true }],
      [tensor(a, [m, k]), tensor(transpose(b, k, n), [n, k]), { transposeB: true }],
      [
        tensor(transpose(a, m, k), [k, m]),
        tensor(transpose(b, k, n), [n, k]),
        { transposeA: true, transposeB: true },
      ],
    ] as const;
    for (const [ta, tb, attrs] of cases) {
      const c = matmul(ta, tb, attrs);
      expect(c.shape).toEqual([m, n]);
      expectClose(c.readSync(), want);
    }
  });

  it('propagates NaN and infinities as IEEE arithmetic does', () => {
    const c = matmulKN(Float32Array.of(0, 1), Float32Array.of(Number.NaN, 2), 1, 2, 1);
    expect(c[0]).toBeNaN();
    expect(
      matmulNK(Float32Array.of(Number.POSITIVE_INFINITY), Float32Array.of(2), 1, 1, 1)[0],
    ).toBe(Number.POSITIVE_INFINITY);
  });

  it('reaches packed operands through the decode fallback', async () => {
    const a = random(12, 3);
    const b = random(12, 4);
    const packed = matmul(
      tensor(a, [3, 4], { format: 'f16' }),
      tensor(b, [4, 3], { format: 'f16' }),
    );
    const a16 = tensor(a, [12], { format: 'f16' }).readSync();
    const b16 = tensor(b, [12], { format: 'f16' }).readSync();
    expect(packed.format).toBe(f32);
    expectClose(packed.readSync(), naive(a16, b16, 3, 4, 3));
  });

  it('rejects shapes that do not fit', async () => {
    expect(() => matmul(tensor(random(6, 1), [2, 3]), tensor(random(6, 1), [2, 3]))).toThrow(
      expect.objectContaining({ code: 'E_SHAPE' }),
    );
  });

  it('batches over a leading axis, broadcasting a batch of 1 and a 2-D operand', () => {
    const [batch, m, k, n] = [3, 2, 5, 4];
    const a = random(batch * m * k, 7);
    const b = random(batch * k * n, 8);
    const slice = (x: Float32Array, i: number, size: number) =>
      x.subarray(i * size, (i + 1) * size);
    const want = (ai: number, bi: number, bm = b) =>
      naive(slice(a, ai, m * k), slice(bm, bi, k * n), m, k, n);
    const both = matmul(tensor(a, [batch, m, k]), tensor(b, [batch, k, n]));
    expect(both.shape).toEqual([batch, m, n]);
    for (let i = 0; i < batch; i++) expectClose(slice(both.readSync(), i, m * n), want(i, i));
    const shared = matmul(tensor(a, [batch, m, k]), tensor(b.subarray(0, k * n), [1, k, n]));
    for (let i = 0; i < batch; i++) expectClose(slice(shared.readSync(), i, m * n), want(i, 0));
    const flat = matmul(tensor(a.subarray(0, m * k), [m, k]), tensor(b, [batch, k, n]));
    expect(flat.shape).toEqual([batch, m, n]);
    for (let i = 0; i < batch; i++) expectClose(slice(flat.readSync(), i, m * n), want(0, i));
    const bt = new Float32Array(b.length);
    for (let i = 0; i < batch; i++) bt.set(transpose(slice(b, i, k * n), k, n), i * k * n);
    const transposed = matmul(tensor(a, [batch, m, k]), tensor(bt, [batch, n, k]), {
      transposeB: true,
    });
    for (let i = 0; i < batch; i++) expectClose(slice(transposed.readSync(), i, m * n), want(i, i));
    expect(() =>
      matmul(tensor(a, [batch, m, k]), tensor(b.subarray(0, 2 * k * n), [2, k, n])),
    ).toThrow(expect.objectContaining({ code: 'E_SHAPE' }));
  });
});
