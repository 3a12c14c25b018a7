import { fwht } from '@lowbit/core';
import { fixed, measure, randomFloats, ratio } from '../measure.mjs';
import { radix4Fwht } from '../radix4-fwht.mjs';

export const title = 'FWHT (unnormalised, f32 rows, 2^20 values per call) — ns per element';
export const targets =
  'Targets: ≥ 5× plain-JS radix-4; ≤ 1.2 ns/element at 2^16 (within 3× of native FFHT).';

export async function run({ wasm, cpu, quick }) {
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
      fixed(ns(ms.wasm)),
      fixed(ns(ms.cpu)),
      fixed(ns(ms.radix4)),
      ratio(ms.radix4, ms.wasm),
      ratio(ms.cpu, ms.wasm),
    ]);
  }
  return {
    headers: [
      'n',
      'lowbit wasm',
      'lowbit cpu',
      'plain-JS radix-4',
      'wasm vs radix-4',
      'wasm vs cpu',
    ],
    rows,
  };
}
