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
