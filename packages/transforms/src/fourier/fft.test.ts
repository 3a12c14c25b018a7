import { createRng } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { fftAny, ifftAny } from './bluestein.ts';
import { dct2, dct3 } from './dct.ts';
import { bitReverse, fft, fftBitReversed, ifft, ifftBitReversed } from './fft.ts';
import { irfft, rfft } from './real-fft.ts';

const random = (n: number, seed: number) => {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => rng.nextFloat() * 2 - 1);
};

/** The DFT by its definition, O(n²). */
function dft(re: Float64Array, im: Float64Array, sign = -1) {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < n; j++) {
      const angle = (sign * 2 * Math.PI * ((k * j) % n)) / n;
      outRe[k]! += re[j]! * Math.cos(angle) - im[j]! * Math.sin(angle);
      outIm[k]! += re[j]! * Math.sin(angle) + im[j]! * Math.cos(angle);
    }
  }
  return { re: outRe, im: outIm };
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tolerance: number) {
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
  expect(worst).toBeLessThan(tolerance);
}

describe('FFT', () => {
  it('matches the DFT definition for powers of two up to 1024 (error < 1e-9·n)', () => {
    for (let n = 1; n <= 1024; n *= 2) {
      const re = random(n, n);
      const im = random(n, n + 1);
      const want = dft(re, im);
      const got = fft(re.slice(), im.slice());
      expectClose(got.re, want.re, 1e-9 * n);
      expectClose(got.im, want.im, 1e-9 * n);
    }
  });

  it('ifft inverts fft', () => {
    const re = random(4096, 1);
    const im = random(4096, 2);
    const back = ifft(
      ...(Object.values(fft(re.slice(), im.slice())) as [Float64Array, Float64Array]),
    );
    expectClose(back.re, re, 1e-12);
    expectClose(back.im, im, 1e-12);
  });

  it('bit-reversed variants are the natural-order result permuted, and invert each other', () => {
    const n = 256;
    const re = random(n, 3);
    const im = random(n, 4);
    const natural = fft(re.slice(), im.slice());
    const reversed = fftBitReversed(re.slice(), im.slice());
    bitReverse(natural.re, natural.im);
    expectClose(reversed.re, natural.re, 1e-12);
    expectClose(reversed.im, natural.im, 1e-12);
    const back = ifftBitReversed(reversed.re, reversed.im);
    expectClose(back.re, re, 1e-12);
    expectClose(back.im, im, 1e-12);
  });

  it('Bluestein handles any length against the definition', () => {
    for (const n of [1, 2, 3, 5, 6, 7, 12, 100, 243, 1000]) {
      const re = random(n, n);
      const im = random(n, n + 7);
      const want = dft(re, im);
      const got = fftAny(re.slice(), im.slice());
      expectClose(got.re, want.re, 1e-9 * n);
      expectClose(got.im, want.im, 1e-9 * n);
      const back = ifftAny(got.re, got.im);
      expectClose(back.re, re, 1e-10);
    }
  });

  it('real FFT keeps the non-redundant half and inverts', () => {
    for (const n of [8, 9, 64, 100]) {
      const x = random(n, n);
      const spectrum = rfft(x);
      const full = dft(x, new Float64Array(n));
      expect(spectrum.re.length).toBe(Math.floor(n / 2) + 1);
      expectClose(spectrum.re, full.re.slice(0, spectrum.re.length), 1e-10 * n);
      expectClose(spectrum.im, full.im.slice(0, spectrum.im.length), 1e-10 * n);
      expectClose(irfft(spectrum, n), x, 1e-12);
    }
  });

  it('rejects non-power-of-two lengths in the radix-2 entry points', () => {
    expect(() => fft(new Float64Array(6), new Float64Array(6))).toThrow(
      expect.objectContaining({ code: 'E_SHAPE' }),
    );
  });
});

describe('DCT', () => {
  /** Orthonormal DCT-II by its definition. */
  function definition(x: Float64Array): Float64Array {
    const n = x.length;
    return Float64Array.from({ length: n }, (_, k) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i]! * Math.cos((Math.PI * (2 * i + 1) * k) / (2 * n));
      return s * (k === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n));
    });
  }

  it('DCT-II matches its definition for even, odd and prime lengths; DCT-III inverts it', () => {
    for (const n of [1, 2, 3, 8, 15, 16, 31, 64, 100]) {
      const x = random(n, n);
      const X = dct2(x);
      expectClose(X, definition(x), 1e-10 * n);
      expectClose(dct3(X), x, 1e-10 * n);
      const energy = (v: ArrayLike<number>) => Array.from(v).reduce((s, a) => s + a * a, 0);
      expect(energy(X)).toBeCloseTo(energy(x), 9);
    }
  });
});
