/**
 * Complex FFT for power-of-two lengths, in place on separate real/imaginary arrays.
 * `fft` computes X_k = Σ x_n e^{−2πikn/N}; `ifft` the inverse with 1/N. The bit-reversed
 * variants skip the permutation, as QMCPy's FFTBR/IFFTBR: `fftBitReversed` (decimation in
 * frequency) leaves X in bit-reversed order; `ifftBitReversed` (decimation in time) takes a
 * bit-reversed spectrum and returns x in natural order. Twiddles are cached per length.
 */
import { ErrorCode, isPowerOfTwo, LowbitError } from '@lowbit/core';

export type Complex = { re: Float64Array; im: Float64Array };

const twiddleCache = new Map<number, { cos: Float64Array; sin: Float64Array }>();

function twiddles(n: number) {
  let t = twiddleCache.get(n);
  if (!t) {
    const cos = new Float64Array(n / 2);
    const sin = new Float64Array(n / 2);
    for (let k = 0; k < n / 2; k++) {
      cos[k] = Math.cos((2 * Math.PI * k) / n);
      sin[k] = Math.sin((2 * Math.PI * k) / n);
    }
    t = { cos, sin };
    twiddleCache.set(n, t);
  }
  return t;
}

function check(re: Float64Array, im: Float64Array): number {
  const n = re.length;
  if (im.length !== n || !isPowerOfTwo(n)) {
    throw new LowbitError(
      ErrorCode.Shape,
      `FFT needs real and imaginary parts of one power-of-two length (got ${re.length} and ${im.length}); use fftAny for other lengths.`,
    );
  }
  return n;
}

/** Reorders in place by bit-reversing indices. */
export function bitReverse(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
}

/** Decimation in frequency: natural order in, bit-reversed out. sign −1 forward, +1 inverse. */
function dif(re: Float64Array, im: Float64Array, sign: number): void {
  const n = check(re, im);
  const { cos, sin } = twiddles(n);
  for (let size = n; size >= 2; size >>= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let j = 0; j < half; j++) {
        const a = start + j;
        const b = a + half;
        const dr = re[a]! - re[b]!;
        const di = im[a]! - im[b]!;
        re[a]! += re[b]!;
        im[a]! += im[b]!;
        const wr = cos[j * step]!;
        const wi = sign * sin[j * step]!;
        re[b] = dr * wr - di * wi;
        im[b] = dr * wi + di * wr;
      }
    }
  }
}

/** Decimation in time: bit-reversed order in, natural out. */
function dit(re: Float64Array, im: Float64Array, sign: number): void {
  const n = check(re, im);
  const { cos, sin } = twiddles(n);
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let j = 0; j < half; j++) {
        const a = start + j;
        const b = a + half;
        const wr = cos[j * step]!;
        const wi = sign * sin[j * step]!;
        const tr = re[b]! * wr - im[b]! * wi;
        const ti = re[b]! * wi + im[b]! * wr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a]! += tr;
        im[a]! += ti;
      }
    }
  }
}

function scale(re: Float64Array, im: Float64Array): void {
  const s = 1 / re.length;
  for (let i = 0; i < re.length; i++) {
    re[i]! *= s;
    im[i]! *= s;
  }
}

/** Forward FFT in place, natural order in and out. */
export function fft(re: Float64Array, im: Float64Array): Complex {
  dif(re, im, -1);
  bitReverse(re, im);
  return { re, im };
}

/** Inverse FFT in place (with 1/N), natural order in and out. */
export function ifft(re: Float64Array, im: Float64Array): Complex {
  dif(re, im, 1);
  bitReverse(re, im);
  scale(re, im);
  return { re, im };
}

/** Forward FFT leaving the spectrum in bit-reversed order (FFTBR). */
export function fftBitReversed(re: Float64Array, im: Float64Array): Complex {
  dif(re, im, -1);
  return { re, im };
}

/** Inverse FFT of a bit-reversed spectrum, natural order out (IFFTBR). */
export function ifftBitReversed(re: Float64Array, im: Float64Array): Complex {
  dit(re, im, 1);
  scale(re, im);
  return { re, im };
}
