import { dct, fft } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { engines, randomFloats, relativeError } from '../cross-check.ts';

describe('wasm fft and dct against the cpu (float64 reference) kernels', () => {
  it('fft and ifft for n = 1 … 2^16 within 1e-6 · log2(n) of the row norm; other lengths exactly as cpu', async () => {
    const { wasm, cpu } = await engines();
    // 8192 and up take the four-step order: square (2^14, 2^16) and n1 = 2·n2 (2^13, 2^15).
    for (const n of [1, 2, 4, 8, 16, 64, 1024, 4096, 8192, 16384, 32768, 65536, 12, 100]) {
      const rows = Math.max(1, Math.floor(8192 / n));
      const re = randomFloats(rows * n, n);
      const im = randomFloats(rows * n, n + 1);
      for (const inverse of [false, true]) {
        const [gr, gi] = fft(wasm.tensor(re, [rows, n]), wasm.tensor(im, [rows, n]), {
          inverse,
        });
        const [wr, wi] = fft(cpu.tensor(re, [rows, n]), cpu.tensor(im, [rows, n]), {
          inverse,
        });
        expect(gr!.location).toBe('wasm');
        const got = Float32Array.from([...gr!.readSync(), ...gi!.readSync()]);
        const want = Float32Array.from([...wr!.readSync(), ...wi!.readSync()]);
        const bound = (n & (n - 1)) === 0 ? 1e-6 * Math.max(1, Math.log2(n)) : 0;
        expect(relativeError(got, want), `n=${n} inverse=${inverse}`).toBeLessThanOrEqual(bound);
      }
    }
  });

  it.each([64, 16384])('fft of n = %i leaves its input tensors as they were', async (n) => {
    const { wasm } = await engines();
    const re = randomFloats(2 * n, 1);
    const im = randomFloats(2 * n, 2);
    const [x, y] = [wasm.tensor(re, [2, n]), wasm.tensor(im, [2, n])];
    fft(x, y);
    fft(x, y, { inverse: true });
    const changed = (got: Float32Array, want: Float32Array) =>
      want.filter((v, i) => !Object.is(got[i], v)).length;
    expect(changed(x.readSync(), re)).toBe(0);
    expect(changed(y.readSync(), im)).toBe(0);
  });

  it('dct-ii and its inverse for power-of-two rows within 1e-5; other lengths exactly as cpu', async () => {
    const { wasm, cpu } = await engines();
    for (const n of [2, 8, 256, 4096, 6, 1]) {
      const x = randomFloats(4 * n, n);
      for (const inverse of [false, true]) {
        const got = dct(wasm.tensor(x, [4, n]), { inverse });
        const want = dct(cpu.tensor(x, [4, n]), { inverse });
        const bound = n > 2 && (n & (n - 1)) === 0 ? 1e-5 : n === 2 ? 1e-6 : 0;
        expect(
          relativeError(got.readSync(), want.readSync()),
          `n=${n} inverse=${inverse}`,
        ).toBeLessThanOrEqual(bound);
      }
    }
  });
});
