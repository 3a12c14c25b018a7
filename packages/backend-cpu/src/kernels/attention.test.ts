import { type AttentionAttrs, attention, createRng, engine, tensor } from '@lowbit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '../plugin.ts';

beforeAll(() => {
  if (!engine.backends.has('cpu')) engine.use(cpuBackend());
});

const random = (n: number, seed: number) => {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.nextFloat() * 2 - 1);
};

interface Sizes {
  rows: number;
  heads: number;
  kvHeads: number;
  dim: number;
  cache: number;
  length: number;
  positions: number[];
  causal: boolean;
}

/** The textbook formula, one (t, h) at a time with plain arrays: softmax(q·kᵀ/√d)·v. */
function naive(
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  s: Sizes,
  kvHead = (h: number) => Math.floor(h / (s.heads / s.kvHeads)),
): number[] {
  const out: number[] = [];
  const kvWidth = s.kvHeads * s.dim;
  for (let t = 0; t < s.rows; t++)
    for (let h = 0; h < s.heads; h++) {
      const g = kvHead(h);
      const visible = [...Array(s.length).keys()].filter((j) => !s.causal || j <= s.positions[t]!);
      const logits = visible.map(
        (j) =>
          [...Array(s.dim).keys()].reduce(
            (sum, i) => sum + q[(t * s.heads + h) * s.dim + i]! * k[j * kvWidth + g * s.dim + i]!,
            0,
          ) / Math.sqrt(s.dim),
      );
      const weights = logits.map((x) => Math.exp(x));
      const total = weights.reduce((a, b) => a + b, 0);
      for (let i = 0; i < s.dim; i++)
        out.push(
          visible.reduce(
            (sum, j, n) => sum + (weights[n]! / total) * v[j * kvWidth + g * s.dim + i]!,
            0,
          ),
        );
    }
  return out;
}

function run(s: Sizes, seed: number) {
  const q = random(s.rows * s.heads * s.dim, seed);
  const k = random(s.cache * s.kvHeads * s.dim, seed + 1);
  const v = random(s.cache * s.kvHeads * s.dim, seed + 2);
  const got = attention(
    tensor(q, [s.rows, s.heads * s.dim]),
    tensor(k, [s.cache, s.kvHeads * s.dim]),
    tensor(v, [s.cache, s.kvHeads * s.dim]),
    {
      heads: s.heads,
      kvHeads: s.kvHeads,
      length: s.length,
      positions: s.positions,
      causal: s.causal,
    },
  ).readSync();
  return { got, want: naive(q, k, v, s) };
}

function expectClose(got: Float32Array, want: number[]): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i]!, 6);
}

describe('cpu attention', () => {
  it('with one cached key, every head returns that key’s value row', () => {
    const v = [1, 2, 3, 4, -5, 6, 7, 8];
    const out = attention(
      tensor(random(16, 1), [1, 16]),
      tensor(random(8, 2), [1, 8]),
      tensor(v, [1, 8]),
      { heads: 4, kvHeads: 2, length: 1, positions: [0] },
    );
    expect(Array.from(out.readSync())).toEqual([1, 2, 3, 4, 1, 2, 3, 4, -5, 6, 7, 8, -5, 6, 7, 8]);
  });

  it('equal keys average the values', () => {
    const out = attention(
      tensor([1, 1], [1, 2]),
      tensor([0.5, 0.5, 0.5, 0.5, 9, 9], [3, 2]),
      tensor([1, 3, 5, 7, 100, 100], [3, 2]),
      {
        heads: 1,
        kvHeads: 1,
        length: 2,
        positions: [1],
      },
    );
    expect(Array.from(out.readSync())).toEqual([3, 5]);
  });

  it('matches the textbook formula with GQA heads (h uses kv head ⌊h / (H/KVH)⌋)', () => {
    const s = {
      rows: 1,
      heads: 8,
      kvHeads: 2,
      dim: 4,
      cache: 9,
      length: 6,
      positions: [5],
      causal: true,
    };
    const { got, want } = run(s, 10);
    expectClose(got, want);
    // Not the other plausible mapping, h mod KVH.
    const [q, k, v] = [random(32, 10), random(72, 11), random(72, 12)];
    const modulo = naive(q, k, v, s, (h) => h % s.kvHeads);
    expect(Math.abs(got[4]! - modulo[4]!)).toBeGreaterThan(1e-3);
  });

  it('masks cache rows after each query row’s position, and not when causal is false', () => {
    const s = {
      rows: 3,
      heads: 2,
      kvHeads: 1,
      dim: 3,
      cache: 8,
      length: 7,
      positions: [4, 5, 6],
      causal: true,
    };
    const causal = run(s, 20);
    expectClose(causal.got, causal.want);
    const open = run({ ...s, causal: false }, 20);
    expectClose(open.got, open.want);
    expect(causal.got[0]).not.toBeCloseTo(open.got[0]!, 3);
    // The last query row sees every valid row either way.
    expect(causal.got.subarray(12)).toEqual(open.got.subarray(12));
  });

  it('ignores cache rows past length', () => {
    const s = {
      rows: 1,
      heads: 1,
      kvHeads: 1,
      dim: 2,
      cache: 4,
      length: 2,
      positions: [1],
      causal: true,
    };
    const q = tensor([1, 0], [1, 2]);
    const k = [0, 0, 1, 0, 50, 0, 50, 0];
    const v = [1, 1, 2, 2, 1e6, 1e6, 1e6, 1e6];
    const out = attention(q, tensor(k, [4, 2]), tensor(v, [4, 2]), {
      heads: 1,
      kvHeads: 1,
      length: s.length,
      positions: s.positions,
    });
    const w = Math.exp(1 / Math.SQRT2) / (1 + Math.exp(1 / Math.SQRT2));
    expectClose(out.readSync(), [1 + w, 1 + w]);
  });

  it('refuses bad heads, cache shapes, length and positions with coded errors', () => {
    const q = tensor(random(8, 1), [1, 8]);
    const k = tensor(random(12, 2), [3, 4]);
    const ok = { heads: 4, kvHeads: 2, length: 2, positions: [1] };
    expect(() => attention(q, k, k, { ...ok, heads: 3 })).toThrow(
      expect.objectContaining({ code: 'E_SHAPE' }),
    );
    expect(() => attention(q, k, k, { ...ok, kvHeads: 3 })).toThrow(
      expect.objectContaining({ code: 'E_SHAPE' }),
    );
    expect(() => attention(q, k, tensor(random(8, 3), [2, 4]), ok)).toThrow(
      expect.objectContaining({ code: 'E_SHAPE' }),
    );
    expect(() => attention(q, k, k, { ...ok, length: 4 })).toThrow(
      expect.objectContaining({ code: 'E_ARGUMENT' }),
    );
    expect(() => attention(q, k, k, { ...ok, length: 0 })).toThrow(
      expect.objectContaining({ code: 'E_ARGUMENT' }),
    );
    expect(() => attention(q, k, k, { ...ok, positions: [2] })).toThrow(
      expect.objectContaining({
        code: 'E_ARGUMENT',
        message: expect.stringMatching(/positions\[0\] = 2/),
      }),
    );
    expect(() => attention(q, k, k, { ...ok, positions: [0, 1] })).toThrow(
      expect.objectContaining({ code: 'E_ARGUMENT' }),
    );
    expect(() => attention(q, k, k, { heads: 4, kvHeads: 2, length: 2 })).toThrow(
      expect.objectContaining({ code: 'E_ARGUMENT' }),
    );
  });

  it('checks operands are live before validating, and codes missing attrs', () => {
    const q = tensor(random(4, 1), [1, 4]);
    const k = tensor(random(8, 2), [2, 4]);
    expect(() => attention(q, k, k, undefined as unknown as AttentionAttrs)).toThrow(
      expect.objectContaining({ code: 'E_ARGUMENT' }),
    );
    k.dispose();
    expect(() => attention(q, k, k, { heads: 3, kvHeads: 1, length: 9 })).toThrow(
      expect.objectContaining({ code: 'E_TENSOR_DISPOSED' }),
    );
  });

  it('reads an f16 KV cache directly (no decode of the whole cache), same bits as f32 rows', () => {
    expect(engine.plan('attention', ['f32', 'f16', 'f16'], 'cpu')).toMatchObject({
      backend: 'cpu',
      decode: [],
    });
    const [rows, width] = [8, 16];
    const q = tensor(random(2 * 32, 5), [2, 32]);
    const k = random(rows * width, 6);
    const v = random(rows * width, 7);
    const attrs = { heads: 4, kvHeads: 2, length: 5, positions: [3, 4] };
    const half = (x: Float32Array) => tensor(x, [rows, width], { format: 'f16' });
    const rounded = (x: Float32Array) => tensor(half(x).readSync(), [rows, width]);
    const got = attention(q, half(k), half(v), attrs).readSync();
    const want = attention(q, rounded(k), rounded(v), attrs).readSync();
    expect(Array.from(got)).toEqual(Array.from(want));
  });
});
