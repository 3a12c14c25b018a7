// The webgpu backend on whatever adapter this machine has: fused-dequant GEMV as effective
// GB/s beside a buffer-to-buffer copy on the same device (the bandwidth it can reach), f32
// matmul GFLOP/s, and decode tokens/s of a stories15M-shape model with random weights. Ops
// only queue GPU work, so each timed call queues `REPS` ops and waits for the queue.

import { getFormat, linear, matmul } from '@lowbit/core';
import { LlamaSession } from '@lowbit/llm';
import { cell, fixed, measure, randomFloats } from '../measure.mjs';
import { randomLlama, STORIES_15M } from '../random-llama.mjs';
import { adapterLabel, isCpuAdapter, settle, webgpuDevice } from '../webgpu-device.mjs';

export const title =
  'WebGPU backend — GEMV effective GB/s vs a buffer copy, f32 matmul GFLOP/s, decode tokens/s (15M shape)';
export const targets =
  'No targets yet: the figures are recorded with the adapter that made them. A SwiftShader (CPU) adapter only proves the suite runs; its figures are never claims. GEMV GB/s counts the packed weight, x and y bytes once per call; the copy moves an f32 weight-sized buffer and counts its bytes read and written.';

/** Ops queued per timed call: the wait for the queue is paid once per REPS ops. */
const REPS = 8;
const GEMV_FORMATS = ['f32', 'q8_0', 'q4_0', 'f16', 'bf16', 'fp8_e4m3fn', 'nf4', 'q4_K', 'mxfp4'];

/** A task that queues `REPS` calls of `op` (disposing each result), then waits for the device. */
const queued = (backend, op) => async () => {
  for (let i = 0; i < REPS; i++) op().dispose?.();
  await settle(backend);
};

/** Formats whose f32×W linear runs on webgpu itself (no decode detour through another backend). */
function onDevice(engine, format) {
  try {
    const plan = engine.plan('linear', ['f32', format], 'webgpu');
    return !plan.viaCpu && plan.decode.length === 0;
  } catch {
    return false;
  }
}

async function gemvRows({ engine, backend }, size, quick, rows) {
  const [k, n] = [size, size];
  const weights = randomFloats(n * k, 6);
  const x = engine.tensor(randomFloats(k, 5), [1, k], { backend: 'webgpu' });
  const copyBytes = n * k * 4;
  const [from, to] = [backend.allocate(copyBytes), backend.allocate(copyBytes)];
  const tasks = {
    copy: async () => {
      for (let i = 0; i < REPS; i++) backend.copy(from.buffer, 0, to.buffer, 0, copyBytes);
      await settle(backend);
    },
  };
  const bytes = {};
  const formats = GEMV_FORMATS.filter((f) => onDevice(engine, f));
  for (const format of quick ? formats.slice(0, 4) : formats) {
    const packed = getFormat(format).encode(weights);
    const w = engine.fromBytes(packed, [n, k], format, { backend: 'webgpu' });
    bytes[format] = w.byteLength + 4 * (k + n);
    tasks[format] = queued(backend, () => linear(x, w));
  }
  const ms = await measure(tasks, { quick });
  const gbs = (b) => (t) => (b * REPS) / t / 1e6;
  const copyGbs = gbs(2 * copyBytes)(ms.copy);
  rows.push([`buffer copy ${copyBytes >> 20} MiB`, cell(ms, 'copy', gbs(2 * copyBytes), 3), '—']);
  for (const format of Object.keys(bytes)) {
    rows.push([
      `GEMV ${format} 1×${k}·${n}×${k}ᵀ (GB/s)`,
      cell(ms, format, gbs(bytes[format]), 3),
      `${fixed(gbs(bytes[format])(ms[format]) / copyGbs, 3)}× copy`,
    ]);
  }
  const skipped = GEMV_FORMATS.filter((f) => !formats.includes(f));
  return skipped;
}

async function matmulRows({ engine, backend }, sizes, quick, rows) {
  for (const size of sizes) {
    const a = engine.tensor(randomFloats(size * size, 1), [size, size], { backend: 'webgpu' });
    const b = engine.tensor(randomFloats(size * size, 2), [size, size], { backend: 'webgpu' });
    const ms = await measure({ matmul: queued(backend, () => matmul(a, b)) }, { quick });
    const gflops = (t) => (2 * size ** 3 * REPS) / t / 1e6;
    rows.push([`f32 matmul ${size}³ (GFLOP/s)`, cell(ms, 'matmul', gflops, 3), '—']);
  }
}

/** One decode step (T = 1) with its logits read back, as generation does; wraps at the context. */
function decodeTask(engine, backend, format) {
  const contextLength = 128;
  const weights = randomLlama(engine, STORIES_15M, { format, backend });
  const session = new LlamaSession(STORIES_15M, weights, engine, backend, { contextLength });
  let token = 1;
  return async () => {
    if (session.position >= contextLength) session.reset();
    const logits = await session.step(token);
    token = (token * 7 + logits.length) % STORIES_15M.vocabSize;
  };
}

async function decodeRows({ engine }, wasm, quick, rows) {
  for (const format of quick ? ['f32'] : ['f32', 'q8_0']) {
    const ms = await measure(
      { webgpu: decodeTask(engine, 'webgpu', format), wasm: decodeTask(wasm, 'wasm', format) },
      { quick },
    );
    const tokPerS = (t) => 1000 / t;
    rows.push([
      `decode, stories15M shape, ${format} weights (tokens/s)`,
      cell(ms, 'webgpu', tokPerS, 1),
      `wasm 1 thread: ${cell(ms, 'wasm', tokPerS, 1)}`,
    ]);
  }
}

export async function run({ wasm, quick }) {
  const device = await webgpuDevice();
  if (device.missing)
    return {
      headers: ['adapter'],
      rows: [
        [
          `none: ${device.missing} (no GPU here; to exercise the suite on SwiftShader set VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json)`,
        ],
      ],
    };
  const name = device.backend.adapterName;
  const rows = [];
  // A CPU adapter gets the small sizes only: its figures are no claims, and large ones take minutes.
  const small = quick || isCpuAdapter(name);
  const skipped = await gemvRows(device, small ? 1024 : 4096, quick, rows);
  await matmulRows(device, small ? [256] : [512, 1024, 2048], quick, rows);
  await decodeRows(device, wasm, quick, rows);
  device.backend.dispose();
  return {
    headers: ['measure', `lowbit webgpu on ${name}`, 'baseline'],
    rows,
    verdicts: [
      `- Adapter: ${adapterLabel(name)}.`,
      ...(skipped.length > 0
        ? [`- No webgpu linear kernel yet (not measured): ${skipped.join(', ')}.`]
        : []),
    ],
  };
}
