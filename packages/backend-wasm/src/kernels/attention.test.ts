import { Attention, type AttentionAttrs, attention } from '@lowbit/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  engines,
  expectSameBits,
  randomFloats,
  relativeError,
  wasmEngine,
} from '../cross-check.ts';
import type { WasmBackend } from '../wasm-backend.ts';

/** Llama-2-7B's head shape decoding one token over 512 cached rows, MHA and GQA. */
const CASES: [string, number, number, number, number, Omit<AttentionAttrs, 'heads' | 'kvHeads'>][] =
  [
    ['decode, 32 heads × 128, 512 cached', 1, 32, 32, 128, { length: 512, positions: [511] }],
    ['decode, GQA 32/8, cache 300 of 512', 1, 32, 8, 128, { length: 300, positions: [299] }],
    ['prefill 3 rows, Dh 6 (scalar tail)', 3, 4, 2, 6, { length: 9, positions: [2, 5, 8] }],
    ['not causal, scale 0.3', 2, 2, 1, 20, { length: 17, causal: false, scale: 0.3 }],
  ];

function operands(rows: number, heads: number, kvHeads: number, dim: number, seed: number) {
  return [
    randomFloats(rows * heads * dim, seed, 2),
    randomFloats(512 * kvHeads * dim, seed + 1, 2),
    randomFloats(512 * kvHeads * dim, seed + 2),
  ] as const;
}

const threaded = wasmEngine(2);
afterAll(async () => ((await (await threaded).backends.get('wasm')) as WasmBackend).dispose());

describe('wasm attention against the cpu float64 reference', () => {
  it.each(CASES)('%s', async (_note, rows, heads, kvHeads, dim, rest) => {
    const { wasm, cpu } = await engines();
    expect(wasm.plan(Attention, ['f32', 'f32', 'f32'], 'wasm')).toMatchObject({
      backend: 'wasm',
      viaCpu: false,
    });
    const [q, k, v] = operands(rows, heads, kvHeads, dim, dim + rows);
    const attrs = { heads, kvHeads, ...rest };
    const run = (engine: typeof wasm) =>
      attention(
        engine.tensor(q, [rows, heads * dim]),
        engine.tensor(k, [512, kvHeads * dim]),
        engine.tensor(v, [512, kvHeads * dim]),
        attrs,
      );
    const got = run(wasm);
    expect(got.location).toBe('wasm');
    const want = run(cpu).readSync();
    expect(relativeError(got.readSync(), want)).toBeLessThan(1e-6);
    let worst = 0;
    for (let i = 0; i < want.length; i++)
      worst = Math.max(worst, Math.abs(got.readSync()[i]! - want[i]!));
    expect(worst / Math.max(...want.map(Math.abs))).toBeLessThan(1e-5);
    // Heads split over two threads: the same bits.
    expectSameBits(run(await threaded).readSync(), got.readSync(), 'threads');
  });

  it('scores of -Infinity-free but large logits stay finite (max subtracted)', async () => {
    const { wasm, cpu } = await engines();
    const q = new Float32Array(8).fill(30);
    const k = randomFloats(4 * 8, 3, 30);
    const v = randomFloats(4 * 8, 4);
    const attrs = { heads: 1, kvHeads: 1, length: 4, positions: [3] };
    const got = attention(
      wasm.tensor(q, [1, 8]),
      wasm.tensor(k, [4, 8]),
      wasm.tensor(v, [4, 8]),
      attrs,
    );
    const want = attention(
      cpu.tensor(q, [1, 8]),
      cpu.tensor(k, [4, 8]),
      cpu.tensor(v, [4, 8]),
      attrs,
    );
    expect(got.readSync().every(Number.isFinite)).toBe(true);
    expect(relativeError(got.readSync(), want.readSync())).toBeLessThan(1e-5);
  });
});

/** [note, rows, heads, kvHeads, dim, attrs]: dims cover 8-half loads, a 4-half step and a tail. */
const F16_CASES: [
  string,
  number,
  number,
  number,
  number,
  Omit<AttentionAttrs, 'heads' | 'kvHeads'>,
][] = [
  ['decode, GQA 32/8, Dh 128, cache 300 of 512', 1, 32, 8, 128, { length: 300, positions: [299] }],
  ['prefill 3 rows, Dh 6 (4-half step + tail)', 3, 4, 2, 6, { length: 9, positions: [2, 5, 8] }],
  ['not causal, Dh 20, scale 0.3', 2, 2, 1, 20, { length: 17, causal: false, scale: 0.3 }],
  [
    'prefill 4 rows, 8 heads × 64 (threads split heads)',
    4,
    8,
    2,
    64,
    { length: 256, positions: [252, 253, 254, 255] },
  ],
];

/**
 * An f16 cache of 512 rows whose values include subnormals and ±0; rows from `length` on are
 * NaN, so a kernel reading past `length` shows in the result.
 */
function halfCache(length: number, width: number, seed: number, scale: number): Float32Array {
  const values = randomFloats(512 * width, seed, scale);
  values.set([3e-6, -5e-8, 0, -0, 6e-5], width + 1);
  values.fill(Number.NaN, length * width);
  return values;
}

describe('wasm attention over an f16 KV cache', () => {
  it.each(F16_CASES)(
    '%s: the f32 kernel’s bits over the f16 values',
    async (_note, rows, heads, kvHeads, dim, rest) => {
      const { wasm } = await engines();
      const plan = wasm.plan(Attention, ['f32', 'f16', 'f16'], 'wasm');
      expect(plan).toMatchObject({ backend: 'wasm', viaCpu: false, decode: [] });
      expect(plan.kernel.formats).toEqual(['f32', 'f16', 'f16']);
      const width = kvHeads * dim;
      const q = randomFloats(rows * heads * dim, dim + rows, 2);
      const attrs = { heads, kvHeads, ...rest };
      const k = wasm.tensor(halfCache(rest.length, width, dim, 2), [512, width], { format: 'f16' });
      const v = wasm.tensor(halfCache(rest.length, width, dim + 1, 1), [512, width], {
        format: 'f16',
      });
      const got = attention(wasm.tensor(q, [rows, heads * dim]), k, v, attrs);
      expect(got.location).toBe('wasm');
      // The same cache widened to f32 first, through the f32 kernel.
      const [k32, v32] = [k, v].map((t) => wasm.tensor(t.readSync(), [512, width]));
      const want = attention(wasm.tensor(q, [rows, heads * dim]), k32!, v32!, attrs).readSync();
      expect(want.every(Number.isFinite)).toBe(true);
      expectSameBits(got.readSync(), want, 'f16 cache');
      const two = await threaded;
      const split = attention(
        two.tensor(q, [rows, heads * dim]),
        two.tensor(k.readSync(), [512, width], { format: 'f16' }),
        two.tensor(v.readSync(), [512, width], { format: 'f16' }),
        attrs,
      );
      expectSameBits(split.readSync(), got.readSync(), 'threads');
    },
  );

  it('widens Inf and NaN halves exactly, as the f32 kernel sees them', async () => {
    const { wasm } = await engines();
    const v = randomFloats(4 * 16, 5);
    v[16 + 3] = Number.POSITIVE_INFINITY; // row 1, an 8-half load
    v[32 + 9] = Number.NEGATIVE_INFINITY; // row 2
    v[48 + 12] = Number.NaN; // row 3
    const attrs = { heads: 1, kvHeads: 1, length: 4, causal: false };
    const q = wasm.tensor(randomFloats(16, 6), [1, 16]);
    const vt = wasm.tensor(v, [4, 16], { format: 'f16' });
    const kt = wasm.tensor(randomFloats(4 * 16, 7), [4, 16], { format: 'f16' });
    const got = attention(q, kt, vt, attrs).readSync();
    const want = attention(
      q,
      wasm.tensor(kt.readSync(), [4, 16]),
      wasm.tensor(vt.readSync(), [4, 16]),
      attrs,
    ).readSync();
    expect([got[3], got[9], got[12]]).toEqual([
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
    ]);
    expectSameBits(got, want, 'specials');
  });
});
