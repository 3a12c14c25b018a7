import { matmul } from '@lowbit/core';
import { measure, randomFloats, ratio } from '../measure.mjs';
import { ortMatmul } from './ort.mjs';

export const title = 'f32 matmul C = A·B (square) — GFLOP/s, one thread (and wasm on two)';
export const targets = 'Target: ≥ 0.8× onnxruntime-web (wasm, one thread) MatMul.';

export async function run({ wasm, wasm2, cpu, quick }) {
  const rows = [];
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
    const gflops = (t) => ((2 * size ** 3) / t / 1e6).toFixed(2);
    rows.push([
      `${size}³`,
      gflops(ms.wasm),
      ms.wasm2 ? gflops(ms.wasm2) : '—',
      gflops(ms.cpu),
      gflops(ms.ort),
      ratio(ms.ort, ms.wasm),
      ratio(ms.cpu, ms.wasm),
    ]);
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
  };
}
