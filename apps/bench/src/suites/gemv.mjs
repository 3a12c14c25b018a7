import { encode, int8Linear, linear } from '@lowbit/core';
import { quantize, quantizeInt8Outliers } from '@lowbit/quant';
import { measure, randomFloats, ratio } from '../measure.mjs';
import { ortMatMulNBits, ortMatmul } from './ort.mjs';

export const title =
  'Quantized linear layer, one token (GEMV y = x·Wᵀ) — GFLOP/s, one thread (and wasm on two)';
export const targets =
  'Targets: q4_0/q8_0 ≥ 10× onnxruntime-web MatMulNBits (4-bit, block 32, same codes and scales) and ≥ 0.25× ggml native (79 GFLOP/s on 2 threads for 4096×14336 q4_0, so ≥ 19.75 GFLOP/s in the two-thread column). tq2_0 is the table-lookup ternary kernel; LLM.int8 includes the per-call outlier scan and f32 outlier columns.';

/** The LLM.int8() row: int8 per channel, 4 outlier columns kept in f32, threshold detection on. */
function llmInt8(x, w, k, n) {
  for (const c of [11, 700, 2048, 4000]) x[c] = 20;
  const q = quantizeInt8Outliers(w, [n, k], { calibration: x });
  return (engine) => {
    const inputs = [
      engine.tensor(x, [1, k]),
      engine.fromBytes(q.weight, [n, k], 'int8'),
      engine.tensor(q.scales, [n, 1]),
      engine.tensor(q.outliers, [n, q.columns.length]),
    ];
    return () => int8Linear(...inputs, { columns: q.columns });
  };
}

/**
 * The f32 row: our streaming GEMV (W resident in wasm memory) beside onnxruntime-web's f32
 * MatMul, given Wᵀ as its [k, n] initializer (the same product); the ort column holds MatMul.
 */
async function f32Gemv({ wasm, wasm2, cpu, quick }, x, w, k, n) {
  const wT = new Float32Array(n * k);
  for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) wT[p * n + j] = w[j * k + p];
  const task = (engine) => {
    const [tx, tw] = [engine.tensor(x, [1, k]), engine.tensor(w, [n, k])];
    return () => linear(tx, tw);
  };
  const ms = await measure(
    {
      wasm: task(wasm),
      ...(wasm2 && { wasm2: task(wasm2) }),
      cpu: task(cpu),
      ort: await ortMatmul(x, wT, 1, k, n),
    },
    { quick },
  );
  return row(`f32 1×${k}·${n}×${k}ᵀ (ort: f32 MatMul)`, n, k, ms);
}

export async function run({ wasm, wasm2, cpu, quick }) {
  const rows = [];
  const shapes = quick
    ? [[4096, 4096]]
    : [
        [4096, 4096],
        [4096, 14336],
      ];
  const formats = quick
    ? ['q4_0']
    : ['q4_0', 'q8_0', 'q4_K', 'mxfp4', 'nvfp4', 'int8/ch', 'int4/g32', 'tq2_0', 'llm.int8'];
  for (const [k, n] of shapes) {
    const x = randomFloats(k, 3);
    const w = randomFloats(n * k, 4);
    if (n === 4096) rows.push(await f32Gemv({ wasm, wasm2, cpu, quick }, x, w, k, n));
    for (const spec of formats) {
      if (n > 4096 && !['q4_0', 'q8_0'].includes(spec)) continue;
      const [format, group] = spec.split('/');
      let make;
      if (spec === 'llm.int8') {
        const task = llmInt8(x.slice(), w, k, n);
        const ms = await measure(
          { wasm: task(wasm), cpu: task(cpu), ...(wasm2 && { wasm2: task(wasm2) }) },
          { quick },
        );
        rows.push(row(`LLM.int8 (int8/ch, 4 f32 outlier cols) 1×${k}·${n}×${k}ᵀ`, n, k, ms));
        continue;
      } else if (group) {
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
      if (wasm2) {
        const [x2, w2] = [wasm2.tensor(x, [1, k]), make(wasm2)];
        tasks.wasm2 = () => linear(x2, ...w2);
      }
      if (n <= 4096) tasks.cpu = () => linear(cx, ...cw);
      if (format === 'q4_0') tasks.ort = await ortMatMulNBits(x, ww[0].readBytesSync(), 1, k, n);
      rows.push(row(`${spec} 1×${k}·${n}×${k}ᵀ`, n, k, await measure(tasks, { quick })));
    }
  }
  return {
    headers: [
      'weights',
      'lowbit wasm',
      'wasm, 2 threads',
      'lowbit cpu (decode + matmul)',
      'ort MatMulNBits',
      'wasm vs ort',
      'wasm vs cpu',
    ],
    rows,
  };
}

function row(label, n, k, ms) {
  const gflops = (t) => (t ? ((2 * n * k) / t / 1e6).toFixed(2) : '—');
  return [
    label,
    gflops(ms.wasm),
    gflops(ms.wasm2),
    gflops(ms.cpu),
    gflops(ms.ort),
    ms.ort ? ratio(ms.ort, ms.wasm) : '—',
    ms.cpu ? ratio(ms.cpu, ms.wasm) : '—',
  ];
}
