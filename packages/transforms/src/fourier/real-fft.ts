/** FFT of real input: the N/2 + 1 non-redundant bins, and the inverse back to N real values. */
import { fftAny, ifftAny } from './bluestein.ts';
import type { Complex } from './fft.ts';

export function rfft(x: ArrayLike<number>): Complex {
  const n = x.length;
  const re = Float64Array.from(x);
  const im = new Float64Array(n);
  fftAny(re, im);
  const bins = Math.floor(n / 2) + 1;
  return { re: re.slice(0, bins), im: im.slice(0, bins) };
}

/** Inverse of rfft for a signal of length n (Hermitian symmetry fills the other half). */
export function irfft(spectrum: Complex, n: number): Float64Array {
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let k = 0; k < spectrum.re.length && k < n; k++) {
    re[k] = spectrum.re[k]!;
    im[k] = spectrum.im[k]!;
    if (k > 0 && n - k !== k) {
      re[n - k] = spectrum.re[k]!;
      im[n - k] = -spectrum.im[k]!;
    }
  }
  ifftAny(re, im);
  return re;
}
