import { decode, linear } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { engines, randomFloats } from '../cross-check.ts';

// assembly/gemv-q4-q8.ts reads eight rows of W per pass, widens four rows' f16 scales in one
// vector and reorders the activations: hand-built blocks reach every f16 scale class, every
// code, and row counts that leave a partial group of eight or four.
const SCALES = [0x3c00, 0x0001, 0x03ff, 0x8400, 0x7bff, 0x0000, 0xb555, 0x7e00]; // …, −0.333, NaN

function blocks(format: 'q4_0' | 'q8_0', n: number, k: number): Uint8Array {
  const size = format === 'q4_0' ? 18 : 34;
  const bytes = new Uint8Array((n * k * size) / 32);
  for (let t = 0; t < bytes.length / size; t++) {
    const scale = SCALES[t % SCALES.length]!;
    bytes[t * size] = scale & 0xff;
    bytes[t * size + 1] = scale >> 8;
    for (let i = 2; i < size; i++) bytes[t * size + i] = (t * 31 + i * 7) & 0xff;
  }
  return bytes;
}

describe('wasm q4_0 / q8_0 linear, eight rows per pass', () => {
  it.each(['q4_0', 'q8_0'] as const)(
    '%s: every f16 scale class and code, 1–12 rows, within the activation rounding bound',
    async (format) => {
      const { wasm, cpu } = await engines();
      const [m, k] = [2, 96];
      const x = randomFloats(m * k, 7);
      for (const n of [1, 2, 3, 5, 7, 9, 12]) {
        const bytes = blocks(format, n, k);
        const got = linear(wasm.tensor(x, [m, k]), wasm.fromBytes(bytes, [n, k], format));
        const w = decode(cpu.fromBytes(bytes, [n, k], format)).readSync();
        const want = linear(cpu.tensor(x, [m, k]), cpu.fromBytes(bytes, [n, k], format));
        const [g, v] = [got.readSync(), want.readSync()];
        for (let i = 0; i < m; i++) {
          const top = Math.max(...x.subarray(i * k, (i + 1) * k).map(Math.abs));
          for (let j = 0; j < n; j++) {
            const at = `${format} n=${n} y[${i}, ${j}]`;
            if (Number.isNaN(v[i * n + j])) {
              expect(g[i * n + j], at).toBeNaN();
              continue;
            }
            // int8 per 32 rounds each activation by at most amax/254 of its block.
            let bound = 0;
            for (let t = 0; t < k; t++) bound += Math.abs(w[j * k + t]!) * (top / 254);
            expect(Math.abs(g[i * n + j]! - v[i * n + j]!), at).toBeLessThanOrEqual(
              bound * 1.001 + 1e-30,
            );
          }
        }
      }
    },
  );
});
