import { encode, linear } from '@lowbit/core';
import { quantize } from '@lowbit/quant';
import { measure, randomFloats, ratio } from '../measure.mjs';
import { ortMatMulNBits } from './ort.mjs';

export const title = 'Quantized linear layer, one token (GEMV y = x·Wᵀ) — GFLOP/s, one thread';
export const targets =
  'Targets: q4_0/q8_0 ≥ 10× onnxruntime-web MatMulNBits (4-bit, block 32, same codes and scales) and ≥ 0.25× ggml native (79 GFLOP/s on 2 threads for 4096×14336 q4_0).';

export async function run({ wasm, cpu, quick }) {
  const rows = [];
  const shapes = quick
    ? [[4096, 4096]]
    : [
        [4096, 4096],
        [4096, 14336],
      ];
  const formats = quick
    ? ['q4_0']
    : ['q4_0', 'q8_0', 'q4_K', 'mxfp4', 'nvfp4', 'int8/ch', 'int4/g32'];
  for (const [k, n] of shapes) {
    const x = randomFloats(k, 3);
    const w = randomFloats(n * k, 4);
    for (const spec of formats) {
      if (n > 4096 && !['q4_0', 'q8_0'].includes(spec)) continue;
      const [format, group] = spec.split('/');
      let make;
      if (group) {
        const q = quantize(
          w,
          [n, k],
          format,
          group === 'ch' ? { granularity: 'channel' } : { granularity: 'group', groupSize: 32 },
        );
        const groups = group === 'ch' ? 1 : k / 32;
        make = (engine) => [
          engine.fromBytes(q.data, [n, k], format),
          engine.tensor(q.scales, [n, groups]),
        ];
      } else {
        const bytes = (await encode(cpu.tensor(w, [n, k]), format)).readBytesSync();
        make = (engine) => [engine.fromBytes(bytes, [n, k], format)];
      }
      const [wx, cx] = [wasm.tensor(x, [1, k]), cpu.tensor(x, [1, k])];
      const [ww, cw] = [make(wasm), make(cpu)];
      const tasks = { wasm: () => linear(wx, ...ww) };
      if (n <= 4096) tasks.cpu = () => linear(cx, ...cw);
      if (format === 'q4_0') tasks.ort = await ortMatMulNBits(x, ww[0].readBytesSync(), 1, k, n);
      const ms = await measure(tasks, { quick });
      const gflops = (t) => (t ? ((2 * n * k) / t / 1e6).toFixed(2) : '—');
      rows.push([
        `${spec} 1×${k}·${n}×${k}ᵀ`,
        gflops(ms.wasm),
        gflops(ms.cpu),
        gflops(ms.ort),
        ms.ort ? ratio(ms.ort, ms.wasm) : '—',
        ms.cpu ? ratio(ms.cpu, ms.wasm) : '—',
      ]);
    }
  }
  return {
    headers: [
      'weights',
      'lowbit wasm',
      'lowbit cpu (decode + matmul)',
      'ort MatMulNBits',
      'wasm vs ort',
      'wasm vs cpu',
    ],
    rows,
  };
}
