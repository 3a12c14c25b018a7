import { WasmKernels } from '@lowbit/backend-wasm';
import { fwht } from '@lowbit/core';
import { cell, measure, randomFloats, ratio, ratioStats, roundBests } from '../measure.mjs';
import { inputFile, nativeTask, notBuilt, peerBinary } from '../peers/native.mjs';
import { radix4Fwht } from '../radix4-fwht.mjs';
import { ratioVerdict, valueVerdict } from '../verdict.mjs';

export const title = 'FWHT (unnormalised, f32 rows, ~2^20 values per call) — ns per element';
export const targets =
  'Targets: ≥ 5× plain-JS radix-4; ≤ 1.2 ns/element at 2^16; within 3× of native FFHT (≥ 0.33×). Judged on the kernel column (in place on a caller array, as the radix-4 baseline and FFHT; it includes the copy into and out of linear memory). The op column adds allocating the result tensor. FFHT (AVX, -O3 -march=native) runs in a child process on the same input rows.';

/**
 * The kernel alone, in place on a caller array like the radix-4 baseline and FFHT: copy the rows
 * into linear memory, transform, copy them back.
 */
function inPlace(kernels, work, n) {
  const at = kernels.heap.alloc(work.byteLength);
  return () => {
    kernels.copyIn(at, work);
    kernels.hadamard(at, n, work.length / n, 1);
    work.set(new Float32Array(kernels.memory.buffer, at, work.length));
  };
}

export async function run({ wasm, cpu, quick }) {
  const kernels = await WasmKernels.create();
  const ffht = peerBinary('ffht-fwht');
  const rows = [];
  const verdicts = [];
  for (const log2 of quick ? [10, 16] : [10, 12, 14, 16, 18, 20]) {
    const n = 2 ** log2;
    const batch = 2 ** 20 / n;
    const input = randomFloats(n * batch, log2);
    const work = input.slice();
    const a = wasm.tensor(input, [batch, n]);
    const b = cpu.tensor(input, [batch, n]);
    const ms = await measure(
      {
        kernel: inPlace(kernels, work, n),
        wasm: () => fwht(a),
        cpu: () => fwht(b),
        radix4: () => {
          for (let r = 0; r < batch; r++) radix4Fwht(work.subarray(r * n, (r + 1) * n), n);
        },
        ...(ffht && {
          ffht: nativeTask(ffht, [log2, batch, inputFile(`fwht-${log2}.f32`, input)]),
        }),
      },
      { quick },
    );
    const ns = (t) => (t * 1e6) / 2 ** 20;
    rows.push([
      `2^${log2}`,
      cell(ms, 'kernel', ns),
      cell(ms, 'wasm', ns),
      cell(ms, 'cpu', ns),
      cell(ms, 'radix4', ns),
      ffht ? cell(ms, 'ffht', ns) : notBuilt('LOWBIT_FFHT_SRC'),
      ratio(ms, 'radix4', 'kernel'),
      ratio(ms, 'radix4', 'wasm'),
      ratio(ms, 'cpu', 'wasm'),
      ffht ? ratio(ms, 'ffht', 'kernel') : '—',
    ]);
    verdicts.push(
      ratioVerdict(`2^${log2}: kernel vs radix-4`, ratioStats(ms, 'radix4', 'kernel'), 5),
    );
    if (log2 === 16) {
      verdicts.push(
        valueVerdict('2^16: kernel', roundBests(ms, 'kernel').map(ns), 1.2, 'ns/element', {
          atMost: true,
        }),
      );
      verdicts.push(
        ratioVerdict(
          '2^16: kernel vs FFHT',
          ratioStats(ms, 'ffht', 'kernel'),
          0.33,
          ffht ? '' : 'FFHT not built',
        ),
      );
    }
  }
  // m·2^k lengths (H_m ⊗ H_2^k): no radix-4 baseline exists, so wasm against our cpu only.
  const factored = quick
    ? [[40, 9]]
    : [
        [12, 10],
        [20, 10],
        [28, 9],
        [40, 9],
      ];
  for (const [m, k] of factored) {
    const n = m * 2 ** k;
    const batch = Math.floor(2 ** 20 / n);
    const input = randomFloats(n * batch, n);
    const work = input.slice();
    const a = wasm.tensor(input, [batch, n]);
    const b = cpu.tensor(input, [batch, n]);
    const ms = await measure(
      { kernel: inPlace(kernels, work, n), wasm: () => fwht(a), cpu: () => fwht(b) },
      { quick },
    );
    const ns = (t) => (t * 1e6) / (n * batch);
    rows.push([
      `${m}·2^${k}`,
      cell(ms, 'kernel', ns),
      cell(ms, 'wasm', ns),
      cell(ms, 'cpu', ns),
      '—',
      '—',
      '—',
      '—',
      ratio(ms, 'cpu', 'wasm'),
      '—',
    ]);
  }
  return {
    headers: [
      'n',
      'wasm kernel, in place',
      'lowbit wasm (op)',
      'lowbit cpu',
      'plain-JS radix-4',
      'FFHT (native)',
      'kernel vs radix-4',
      'op vs radix-4',
      'wasm vs cpu',
      'kernel vs FFHT',
    ],
    rows,
    verdicts,
  };
}
