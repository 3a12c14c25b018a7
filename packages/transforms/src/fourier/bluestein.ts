/**
 * FFT of any length (Bluestein's chirp-z algorithm): X_k = w_k Σ_n (x_n w_n) conj(w_{k−n})
 * with w_n = e^{−iπn²/N}, the convolution done by power-of-two FFTs of length ≥ 2N − 1.
 * Powers of two go straight to the radix-2 FFT.
 */
import { isPowerOfTwo } from '@lowbit/core';
import { type Complex, fft, ifft } from './fft.ts';

function chirp(n: number, sign: number): { cos: Float64Array; sin: Float64Array } {
  const cos = new Float64Array(n);
  const sin = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const angle = (Math.PI * ((k * k) % (2 * n))) / n; // k² mod 2N keeps the angle exact
    cos[k] = Math.cos(angle);
    sin[k] = sign * Math.sin(angle);
  }
  return { cos, sin };
}

function bluestein(re: Float64Array, im: Float64Array, sign: number): void {
  const n = re.length;
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  const w = chirp(n, sign); // w = e^{sign·iπk²/N}
  const ar = new Float64Array(m);
  const ai = new Float64Array(m);
  const br = new Float64Array(m);
  const bi = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    ar[k] = re[k]! * w.cos[k]! - im[k]! * w.sin[k]!;
    ai[k] = re[k]! * w.sin[k]! + im[k]! * w.cos[k]!;
  }
  br[0] = w.cos[0]!;
  bi[0] = -w.sin[0]!;
  for (let k = 1; k < n; k++) {
    br[k] = br[m - k] = w.cos[k]!;
    bi[k] = bi[m - k] = -w.sin[k]!;
  }
  fft(ar, ai);
  fft(br, bi);
  for (let k = 0; k < m; k++) {
    const r = ar[k]! * br[k]! - ai[k]! * bi[k]!;
    ai[k] = ar[k]! * bi[k]! + ai[k]! * br[k]!;
    ar[k] = r;
  }
  ifft(ar, ai);
  for (let k = 0; k < n; k++) {
    re[k] = ar[k]! * w.cos[k]! - ai[k]! * w.sin[k]!;
    im[k] = ar[k]! * w.sin[k]! + ai[k]! * w.cos[k]!;
  }
}

/** Forward DFT of any length, in place. */
export function fftAny(re: Float64Array, im: Float64Array): Complex {
  if (isPowerOfTwo(re.length)) return fft(re, im);
  if (re.length > 0) bluestein(re, im, -1);
  return { re, im };
}

/** Inverse DFT (with 1/N) of any length, in place. */
export function ifftAny(re: Float64Array, im: Float64Array): Complex {
  if (isPowerOfTwo(re.length)) return ifft(re, im);
  const n = re.length;
  if (n > 0) bluestein(re, im, 1);
  for (let k = 0; k < n; k++) {
    re[k]! /= n;
    im[k]! /= n;
  }
  return { re, im };
}
