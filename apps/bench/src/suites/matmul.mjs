import { matmul } from '@lowbit/core';
import { cell, measure, randomFloats, ratio, ratioStats } from '../measure.mjs';
import { ratioVerdict } from '../verdict.mjs';
import { ortMatmul } from './ort.mjs';

export const title = 'f32 matmul C = A·B (square) — GFLOP/s, one thread (and wasm on two)';
export const targets = 'Target: ≥ 0.8× onnxruntime-web (wasm, one thread) MatMul.';

export async function run({ wasm, wasm2, cpu, quick }) {
  const rows = [];
  const verdicts = [];
  for (const size of quick ? [256] : [256, 512, 1024]) {
    const a = randomFloats(size * size, 1);
    const b = randomFloats(size * size, 2);
    const [wa, wb] = [wasm.tensor(a, [size, size]), wasm.tensor(b, [size, size])];
    const [ca, cb] = [cpu.tensor(a, [size, size]), cpu.tensor(b, [size, size])];
    const ms = await measure(
      {
        wasm: () => matmul(wa, wb),
        ...(wasm2 && {
          wasm2: (
            (a2, b2) => () =>
              matmul(a2, b2)
          )(wasm2.tensor(a, [size, size]), wasm2.tensor(b, [size, size])),
        }),
        cpu: () => matmul(ca, cb),
        ort: await ortMatmul(a, b, size, size, size),
      },
      { quick },
    );
    const gflops = (t) => (2 * size ** 3) / t / 1e6;
    rows.push([
      `${size}³`,
      cell(ms, 'wasm', gflops, 2),
      cell(ms, 'wasm2', gflops, 2),
      cell(ms, 'cpu', gflops, 2),
      cell(ms, 'ort', gflops, 2),
      ratio(ms, 'ort', 'wasm'),
      ratio(ms, 'cpu', 'wasm'),
    ]);
    verdicts.push(
      ratioVerdict(`${size}³: wasm vs onnxruntime-web`, ratioStats(ms, 'ort', 'wasm'), 0.8),
    );
  }
  return {
    headers: [
      'size',
      'lowbit wasm',
      'wasm, 2 threads',
      'lowbit cpu',
      'onnxruntime-web',
      'wasm vs ort',
      'wasm vs cpu',
    ],
    rows,
    verdicts,
  };
}
