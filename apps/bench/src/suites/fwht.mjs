import { WasmKernels } from '@lowbit/backend-wasm';
import { fwht } from '@lowbit/core';
import { fixed, measure, randomFloats, ratio } from '../measure.mjs';
import { radix4Fwht } from '../radix4-fwht.mjs';

export const title = 'FWHT (unnormalised, f32 rows, ~2^20 values per call) — ns per element';
export const targets =
  'Targets: ≥ 5× plain-JS radix-4; ≤ 1.2 ns/element at 2^16 (within 3× of native FFHT). Judged on the kernel column (in place on a caller array, as the radix-4 baseline; it includes the copy into and out of linear memory). The op column adds allocating the result tensor.';

export async function run({ wasm, cpu, quick }) {
  const kernels = await WasmKernels.create();
  const rows = [];
  for (const log2 of quick ? [10, 16] : [10, 12, 14, 16, 18, 20]) {
    const n = 2 ** log2;
    const batch = 2 ** 20 / n;
    const input = randomFloats(n * batch, log2);
    const work = input.slice();
    const a = wasm.tensor(input, [batch, n]);
    const b = cpu.tensor(input, [batch, n]);
    const ms = await measure(
      {
        kernel: () => kernels.fwht(work, n, 1),
        wasm: () => fwht(a),
        cpu: () => fwht(b),
        radix4: () => {
          for (let r = 0; r < batch; r++) radix4Fwht(work.subarray(r * n, (r + 1) * n), n);
        },
      },
      { quick },
    );
    const ns = (t) => (t * 1e6) / 2 ** 20;
    rows.push([
      `2^${log2}`,
      fixed(ns(ms.kernel)),
      fixed(ns(ms.wasm)),
      fixed(ns(ms.cpu)),
      fixed(ns(ms.radix4)),
      ratio(ms.radix4, ms.kernel),
      ratio(ms.radix4, ms.wasm),
      ratio(ms.cpu, ms.wasm),
    ]);
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
      { kernel: () => kernels.fwht(work, n, 1), wasm: () => fwht(a), cpu: () => fwht(b) },
      { quick },
    );
    const ns = (t) => (t * 1e6) / (n * batch);
    rows.push([
      `${m}·2^${k}`,
      fixed(ns(ms.kernel)),
      fixed(ns(ms.wasm)),
      fixed(ns(ms.cpu)),
      '—',
      '—',
      '—',
      ratio(ms.cpu, ms.wasm),
    ]);
  }
  return {
    headers: [
      'n',
      'wasm kernel, in place',
      'lowbit wasm (op)',
      'lowbit cpu',
      'plain-JS radix-4',
      'kernel vs radix-4',
      'op vs radix-4',
      'wasm vs cpu',
    ],
    rows,
  };
}
