/**
 * Orthonormal DCT-II / DCT-III on wasm for power-of-two rows: Makhoul's reordering around the
 * wasm FFT, all rows of a tensor in one batch. Other lengths use the reference.
 */
import { Dct, type DctAttrs, isPowerOfTwo, type KernelConfig } from '@lowbit/core';
import { dct2, dct3 } from '@lowbit/transforms';
import type { WasmBackend } from '../wasm-backend.ts';
import { fftRows } from './fft.ts';
import { rowKernel } from './row-kernel.ts';

/** Per k: the rotation e^{−iπk/2n} and the orthonormal factor s_k. */
function twiddles(n: number) {
  const cos = new Float64Array(n);
  const sin = new Float64Array(n);
  const s = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    cos[k] = Math.cos((Math.PI * k) / (2 * n));
    sin[k] = Math.sin((Math.PI * k) / (2 * n));
    s[k] = k === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n);
  }
  return { cos, sin, s };
}

export const dctConfig: KernelConfig<typeof Dct, WasmBackend> = {
  op: Dct,
  backend: 'wasm',
  fn: rowKernel((input, n, attrs: DctAttrs, { backend }) => {
    const rows = new Float32Array(input.length);
    if (!isPowerOfTwo(n) || n < 2) {
      for (let at = 0; at < rows.length; at += n)
        rows.set((attrs.inverse ? dct3 : dct2)(input.subarray(at, at + n)), at);
      return rows;
    }
    const { cos, sin, s } = twiddles(n);
    const re = new Float32Array(rows.length);
    const im = new Float32Array(rows.length);
    if (!attrs.inverse) {
      for (let at = 0; at < rows.length; at += n) {
        for (let i = 0; i < n / 2; i++) {
          re[at + i] = input[at + 2 * i]!;
          re[at + n - 1 - i] = input[at + 2 * i + 1]!;
        }
      }
      const [fr, fi] = fftRows(backend.kernels, re, im, n, false);
      for (let at = 0; at < rows.length; at += n)
        for (let k = 0; k < n; k++)
          rows[at + k] = s[k]! * (fr[at + k]! * cos[k]! + fi[at + k]! * sin[k]!);
      return rows;
    }
    for (let at = 0; at < rows.length; at += n) {
      for (let k = 0; k < n; k++) {
        const a = input[at + k]! / s[k]!;
        const b = k === 0 ? 0 : -input[at + n - k]! / s[n - k]!;
        re[at + k] = a * cos[k]! - b * sin[k]!;
        im[at + k] = a * sin[k]! + b * cos[k]!;
      }
    }
    const [fr] = fftRows(backend.kernels, re, im, n, true);
    for (let at = 0; at < rows.length; at += n) {
      for (let i = 0; i < n / 2; i++) {
        rows[at + 2 * i] = fr[at + i]!;
        rows[at + 2 * i + 1] = fr[at + n - 1 - i]!;
      }
    }
    return rows;
  }),
};
