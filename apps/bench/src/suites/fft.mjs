import { fft } from '@lowbit/core';
import FFT from 'fft.js';
import { cell, measure, randomFloats, ratio, ratioStats } from '../measure.mjs';
import { ratioVerdict } from '../verdict.mjs';

export const title =
  'Complex FFT, 2^18 points per call (batched rows) — thousand transforms per second';
export const targets =
  'Target: ≥ 2× fft.js at N = 1024 … 65536. fft.js runs on its interleaved float64 layout, ours on split f32 re/im tensors (disposed after each call, as fft.js reuses its output array).';

/** Results disposed after each call, so their memory is reused as fft.js reuses its output. */
const disposeAll = (tensors) => {
  for (const t of tensors) t.dispose();
};

export async function run({ wasm, cpu, quick }) {
  const rows = [];
  const verdicts = [];
  for (const log2 of quick ? [10] : [10, 12, 14, 16]) {
    const n = 2 ** log2;
    const batch = 2 ** 18 / n;
    const re = randomFloats(n * batch, log2);
    const im = randomFloats(n * batch, log2 + 1);
    const peer = new FFT(n);
    const input = peer.createComplexArray();
    for (let i = 0; i < n; i++) {
      input[2 * i] = re[i];
      input[2 * i + 1] = im[i];
    }
    const output = peer.createComplexArray();
    const [wr, wi] = [wasm.tensor(re, [batch, n]), wasm.tensor(im, [batch, n])];
    const [cr, ci] = [cpu.tensor(re, [batch, n]), cpu.tensor(im, [batch, n])];
    const ms = await measure(
      {
        wasm: () => disposeAll(fft(wr, wi)),
        cpu: () => disposeAll(fft(cr, ci)),
        'fft.js': () => {
          for (let r = 0; r < batch; r++) peer.transform(output, input);
        },
      },
      { quick },
    );
    const rate = (t) => batch / t;
    rows.push([
      `${n}`,
      cell(ms, 'wasm', rate, 1),
      cell(ms, 'cpu', rate, 1),
      cell(ms, 'fft.js', rate, 1),
      ratio(ms, 'fft.js', 'wasm'),
      ratio(ms, 'cpu', 'wasm'),
    ]);
    verdicts.push(ratioVerdict(`N = ${n}: wasm vs fft.js`, ratioStats(ms, 'fft.js', 'wasm'), 2));
  }
  return {
    headers: ['N', 'lowbit wasm', 'lowbit cpu', 'fft.js', 'wasm vs fft.js', 'wasm vs cpu'],
    rows,
    verdicts,
  };
}
