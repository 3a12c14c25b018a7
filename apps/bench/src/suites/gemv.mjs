import { encode, int8Linear, linear } from '@lowbit/core';
import { quantize, quantizeInt8Outliers } from '@lowbit/quant';
import { cell, measure, randomFloats, ratio, ratioStats } from '../measure.mjs';
import { inputFile, nativeTask, notBuilt, peerBinary } from '../peers/native.mjs';
import { ratioVerdict } from '../verdict.mjs';
import { ortMatMulNBits, ortMatmul } from './ort.mjs';

export const title =
  'Quantized linear layer, one token (GEMV y = x·Wᵀ) — GFLOP/s, one thread (and wasm on two)';
export const targets =
  'Peers: onnxruntime-web (wasm, one thread) f32 MatMul on the same weights before quantization — the honest peer — and its MatMulNBits (4-bit, block 32, same codes and scales), which has no fused kernel in ORT-web, so it is a weak peer; ggml’s CPU mul_mat (llama.cpp’s ggml, -O3 -march=native, in a child process) on the very same q4_0/q8_0 bytes, on 1 and 2 threads. Targets: q4_0 ≥ 10× MatMulNBits; q4_0/q8_0 on 2 threads ≥ 0.25× ggml on 2 threads (measured, not a constant). tq2_0 is the table-lookup ternary kernel; LLM.int8 includes the per-call outlier scan and f32 outlier columns.';

/** Wᵀ as ORT's MatMul takes it: [k, n] from our [n, k]. */
function transpose(w, n, k) {
  const t = new Float32Array(n * k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) t[j * n + i] = w[i * k + j];
  return t;
}

/** ggml on 1 and 2 threads on the same bytes, or nothing when it is not built. */
function ggmlTasks(format, bytes, x, k, n) {
  const binary = peerBinary('ggml-gemv');
  if (!binary || !['q4_0', 'q8_0'].includes(format)) return {};
  const files = [inputFile(`${format}-${n}x${k}.bin`, bytes), inputFile(`x-${k}.f32`, x)];
  return {
    ggml: nativeTask(binary, [format, k, n, ...files, 1]),
    ggml2: nativeTask(binary, [format, k, n, ...files, 2]),
  };
}

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

/** The f32 row: our streaming GEMV (W resident in wasm memory, no re-pack) beside ORT's f32 MatMul. */
async function f32Gemv({ wasm, wasm2, cpu, quick }, x, w, k, n, ortF32) {
  const task = (engine) => {
    const [tx, tw] = [engine.tensor(x, [1, k]), engine.tensor(w, [n, k])];
    return () => linear(tx, tw);
  };
  const tasks = { wasm: task(wasm), cpu: task(cpu), ortF32 };
  if (wasm2) tasks.wasm2 = task(wasm2);
  return measure(tasks, { quick });
}

/** The formats of the wasm 2048² row set: each within 2.5× of q4_0's time, none via cpu. */
const WASM_2048 = ['f32', 'f16', 'q8_0', 'q4_0', 'q4_K', 'q5_K', 'q6_K'];

/**
 * One 1×2048·2048×2048ᵀ linear on wasm per format, interleaved in one measure: rows in
 * GFLOP/s, and a verdict per format on q4_0's time over its own (≥ 0.4, i.e. within 2.5×).
 * Throws if a format's plan would cross to cpu (the detour this set guards against).
 */
export async function wasm2048({ wasm, cpu, quick }, rows, verdicts) {
  const [k, n] = [2048, 2048];
  const x = wasm.tensor(randomFloats(k, 5), [1, k]);
  const w = randomFloats(n * k, 6);
  const tasks = {};
  for (const format of WASM_2048) {
    if (wasm.plan('linear', ['f32', format], 'wasm').viaCpu)
      throw new Error(`linear f32×${format} on wasm would run on cpu`);
    const bytes = encode(cpu.tensor(w, [n, k]), format).readBytesSync();
    const tw = wasm.fromBytes(bytes, [n, k], format);
    tasks[format] = async () => linear(x, tw).dispose();
  }
  const ms = await measure(tasks, { quick });
  const gflops = (t) => (2 * n * k) / t / 1e6;
  for (const format of WASM_2048) {
    const label = `${format} 1×${k}·${n}×${k}ᵀ (wasm set)`;
    rows.push([label, cell(ms, format, gflops, 2), ...Array(11).fill('—')]);
    if (format !== 'q4_0')
      verdicts.push(
        ratioVerdict(`${label}: q4_0 time over ${format}'s`, ratioStats(ms, 'q4_0', format), 0.4),
      );
  }
}

export async function run({ wasm, wasm2, cpu, quick }) {
  const rows = [];
  const verdicts = [];
  await wasm2048({ wasm, cpu, quick }, rows, verdicts);
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
    const ortF32 = await ortMatmul(x, transpose(w, n, k), 1, k, n);
    if (n === 4096) {
      const label = `f32 1×${k}·${n}×${k}ᵀ`;
      const ms = await f32Gemv({ wasm, wasm2, cpu, quick }, x, w, k, n, ortF32);
      rows.push(row(label, n, k, ms, false));
      verdicts.push(
        ratioVerdict(`${label}: wasm vs ort f32 MatMul`, ratioStats(ms, 'ortF32', 'wasm'), 1),
      );
    }
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
        rows.push(row(`LLM.int8 (int8/ch, 4 f32 outlier cols) 1×${k}·${n}×${k}ᵀ`, n, k, ms, false));
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
        const bytes = encode(cpu.tensor(w, [n, k]), format).readBytesSync();
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
      if (['q4_0', 'q8_0'].includes(format)) tasks.ortF32 = ortF32;
      if (format === 'q4_0') tasks.ort = await ortMatMulNBits(x, ww[0].readBytesSync(), 1, k, n);
      Object.assign(tasks, ggmlTasks(format, ww[0].readBytesSync(), x, k, n));
      const label = `${spec} 1×${k}·${n}×${k}ᵀ`;
      const ms = await measure(tasks, { quick });
      rows.push(row(label, n, k, ms, ['q4_0', 'q8_0'].includes(format)));
      if (format === 'q4_0') {
        verdicts.push(
          ratioVerdict(`${label}: wasm vs MatMulNBits`, ratioStats(ms, 'ort', 'wasm'), 10),
        );
      }
      if (['q4_0', 'q8_0'].includes(format)) {
        const stats = ratioStats(ms, 'ggml2', 'wasm2');
        verdicts.push(
          ratioVerdict(`${label}: wasm 2 threads vs ggml 2 threads`, stats, 0.25, notBuilt('ggml')),
        );
      }
    }
  }
  return {
    headers: [
      'weights',
      'lowbit wasm',
      'wasm, 2 threads',
      'lowbit cpu (decode + matmul)',
      'ort MatMul (f32)',
      'ort MatMulNBits (weak)',
      'ggml, 1 thread',
      'ggml, 2 threads',
      'wasm vs ort f32',
      'wasm vs MatMulNBits',
      'wasm vs ggml',
      '2 threads vs ggml 2 threads',
      'wasm vs cpu',
    ],
    rows,
    verdicts,
  };
}

/** One table row; `ggml` says whether ggml runs this format (else its cells are a dash). */
function row(label, n, k, ms, ggml) {
  const gflops = (t) => (2 * n * k) / t / 1e6;
  const has = (name) => ms.rounds[name] !== undefined;
  const value = (name) => (has(name) ? cell(ms, name, gflops, 2) : '—');
  const versus = (peer, ours) => (has(peer) && has(ours) ? ratio(ms, peer, ours) : '—');
  const native = (name) => (!ggml ? '—' : has(name) ? cell(ms, name, gflops, 2) : notBuilt('ggml'));
  return [
    label,
    value('wasm'),
    value('wasm2'),
    value('cpu'),
    value('ortF32'),
    value('ort'),
    native('ggml'),
    native('ggml2'),
    versus('ortF32', 'wasm'),
    versus('ort', 'wasm'),
    versus('ggml', 'wasm'),
    versus('ggml2', 'wasm2'),
    versus('cpu', 'wasm'),
  ];
}
