/**
 * Orthonormal DCT-II and its inverse DCT-III for any length, via one complex FFT (Makhoul
 * 1980): reorder v = (x0, x2, x4, …, x5, x3, x1), V = FFT(v), X_k = s_k·Re(e^{−iπk/2N}·V_k)
 * with s_0 = √(1/N), s_k = √(2/N). The inverse rebuilds V_k = e^{iπk/2N}(X_k − i·X_{N−k}).
 */
import { fftAny, ifftAny } from './bluestein.ts';

export function dct2(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) re[i] = x[2 * i]!;
  for (let i = 0; i < Math.floor(n / 2); i++) re[n - 1 - i] = x[2 * i + 1]!;
  fftAny(re, im);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const angle = (-Math.PI * k) / (2 * n);
    const s = k === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n);
    out[k] = s * (re[k]! * Math.cos(angle) - im[k]! * Math.sin(angle));
  }
  return out;
}

/** Orthonormal DCT-III: the exact inverse of dct2. */
export function dct3(X: ArrayLike<number>): Float64Array {
  const n = X.length;
  const unscaled = (k: number) =>
    k >= n ? 0 : X[k]! / (k === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n));
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const a = unscaled(k);
    const b = k === 0 ? 0 : -unscaled(n - k);
    const angle = (Math.PI * k) / (2 * n);
    re[k] = a * Math.cos(angle) - b * Math.sin(angle);
    im[k] = a * Math.sin(angle) + b * Math.cos(angle);
  }
  ifftAny(re, im);
  const out = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) out[2 * i] = re[i]!;
  for (let i = 0; i < Math.floor(n / 2); i++) out[2 * i + 1] = re[n - 1 - i]!;
  return out;
}
