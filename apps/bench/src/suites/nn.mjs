import { rmsnorm, rope, softmax, swiglu } from '@lowbit/core';
import { cell, measure, randomFloats, ratio } from '../measure.mjs';

export const title = 'Transformer blocks on 64 rows × 4096 — µs per call';
export const targets = 'Our wasm kernels beside our cpu kernels (no peer).';

export async function run({ wasm, cpu, quick }) {
  const [rows, n] = [64, 4096];
  const x = randomFloats(rows * n, 5);
  const w = randomFloats(n, 6);
  const out = [];
  for (const [name, op] of [
    ['rmsnorm', (e, t) => rmsnorm(t, e.tensor(w, [n]))],
    ['softmax', (_e, t) => softmax(t)],
    ['rope (headDim 128)', (_e, t) => rope(t, { headDim: 128, offset: 100 })],
    ['swiglu', (_e, t) => swiglu(t, t)],
  ]) {
    const [wt, ct] = [wasm.tensor(x, [rows, n]), cpu.tensor(x, [rows, n])];
    const ms = await measure({ wasm: () => op(wasm, wt), cpu: () => op(cpu, ct) }, { quick });
    const us = (t) => t * 1e3;
    out.push([name, cell(ms, 'wasm', us, 1), cell(ms, 'cpu', us, 1), ratio(ms, 'cpu', 'wasm')]);
  }
  return { headers: ['op', 'lowbit wasm', 'lowbit cpu', 'wasm vs cpu'], rows: out };
}
