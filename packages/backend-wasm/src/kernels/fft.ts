/**
 * Complex FFT on wasm for power-of-two rows (SIMD radix-4 decimation in frequency in f32, the
 * last two stages fused with the bit-reversal; rows past 4096 in the four-step order, see
 * assembly/fft.ts); inputs are left as they were;
 * other lengths use the float64 reference (Bluestein), as on cpu.
 */
import { Fft, type FftAttrs, isPowerOfTwo, type KernelConfig, type Tensor } from '@lowbit/core';
import { fftAny, ifftAny } from '@lowbit/transforms';
import type { WasmBackend } from '../wasm-backend.ts';
import type { WasmKernels } from '../wasm-module.ts';
import { floats, type WasmContext } from './row-kernel.ts';

interface FftTables {
  /** cos(πj/h) at h + j for every span h (sin likewise): n floats each. */
  cos: Float32Array;
  sin: Float32Array;
  reverse: Uint32Array;
}

const tableCache = new Map<number, FftTables>();

function tables(n: number): FftTables {
  let t = tableCache.get(n);
  if (!t) {
    const cos = new Float32Array(Math.max(n, 4));
    const sin = new Float32Array(Math.max(n, 4));
    for (let h = 1; h < n; h <<= 1) {
      for (let j = 0; j < h; j++) {
        cos[h + j] = Math.cos((Math.PI * j) / h);
        sin[h + j] = Math.sin((Math.PI * j) / h);
      }
    }
    const reverse = new Uint32Array(n);
    const bits = Math.log2(n);
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      reverse[i] = r;
    }
    t = { cos, sin, reverse };
    tableCache.set(n, t);
  }
  return t;
}

/** Rows longer than this take the four-step order (a row and its scratch no longer fit L1). */
export const FOUR_STEP_ABOVE = 4096;

/** n = n1·n2 for the four-step order: n1 the larger half of the bits (columns, n1 rows). */
export function fourStepSplit(n: number): [number, number] {
  const n1 = 2 ** Math.ceil(Math.log2(n) / 2);
  return [n1, n / n1];
}

const twiddleCache = new Map<number, { re: Float32Array; im: Float32Array }>();

/** cos and sin of 2π·k1·c/n at k1·n2 + c: the four-step's twiddles, rounded once from float64. */
function twiddles(n: number) {
  let t = twiddleCache.get(n);
  if (!t) {
    const [n1, n2] = fourStepSplit(n);
    const re = new Float32Array(n);
    const im = new Float32Array(n);
    for (let k1 = 0; k1 < n1; k1++) {
      for (let c = 0; c < n2; c++) {
        const angle = (2 * Math.PI * ((k1 * c) % n)) / n;
        re[k1 * n2 + c] = Math.cos(angle);
        im[k1 * n2 + c] = Math.sin(angle);
      }
    }
    t = { re, im };
    twiddleCache.set(n, t);
  }
  return t;
}

/** FFT of `rows` f32 rows of n (a power of two) at (re, im) into (outRe, outIm); 1/n if inverse. */
export function fftAt(
  kernels: WasmKernels,
  [re, im, outRe, outIm]: readonly [number, number, number, number],
  n: number,
  rows: number,
  inverse: boolean,
): void {
  const [sign, scale] = inverse ? [1, 1 / n] : [-1, 1];
  if (n <= FOUR_STEP_ABOVE) {
    const { cos, sin, reverse } = tables(n);
    const [pc, ps, pv] = [kernels.constant(cos), kernels.constant(sin), kernels.constant(reverse)];
    kernels.call((frame) => {
      const work = frame.reserve(8 * n);
      kernels.exports.fft(re, im, outRe, outIm, n, rows, pc, ps, pv, sign, scale, work);
    });
    return;
  }
  const [n1, n2] = fourStepSplit(n);
  const { cos, sin } = tables(n1);
  const tw = twiddles(n);
  const pointers = [
    kernels.constant(cos),
    kernels.constant(sin),
    kernels.constant(tw.re),
    kernels.constant(tw.im),
    kernels.constant(tables(n1).reverse),
    kernels.constant(tables(n2).reverse),
  ];
  kernels.call((frame) => {
    const work = frame.reserve(8 * n + 128 * (n1 + n2));
    kernels.exports.fftFourStep(re, im, outRe, outIm, n1, n2, rows, ...pointers, sign, scale, work);
  });
}

/** fftAt on host rows (the DCT's reordered rows): copied in, transformed, copied out. */
export function fftRows(
  kernels: WasmKernels,
  re: Float32Array,
  im: Float32Array,
  n: number,
  inverse: boolean,
): [Float32Array, Float32Array] {
  return kernels.call((frame) => {
    const pr = frame.put(re);
    const pi = frame.put(im);
    const or = frame.reserve(re.byteLength);
    const oi = frame.reserve(im.byteLength);
    fftAt(kernels, [pr, pi, or, oi], n, re.length / n, inverse);
    const out = (at: number) => new Float32Array(kernels.copyOut(at, re.byteLength).buffer);
    return [out(or), out(oi)];
  });
}

export const fftConfig: KernelConfig<typeof Fft, WasmBackend> = {
  op: Fft,
  backend: 'wasm',
  fn([x, y]: readonly Tensor[], attrs: FftAttrs, context: WasmContext): Tensor[] {
    const { backend } = context;
    const n = x!.shape[x!.rank - 1]!;
    if (isPowerOfTwo(n)) {
      const [pr, pi] = [backend.ptr(x!), backend.ptr(y!)];
      let outIm = 0;
      const im = backend.output(context, y!.shape, (at) => {
        outIm = at;
      });
      const re = backend.output(context, x!.shape, (outRe) =>
        fftAt(backend.kernels, [pr, pi, outRe, outIm], n, x!.size / n, attrs.inverse === true),
      );
      return [re, im];
    }
    const re = backend.hostFloats(x!);
    const im = backend.hostFloats(y!);
    for (let at = 0; at < re.length; at += n) {
      const r = Float64Array.from(re.subarray(at, at + n));
      const i = Float64Array.from(im.subarray(at, at + n));
      (attrs.inverse ? ifftAny : fftAny)(r, i);
      re.set(r, at);
      im.set(i, at);
    }
    return [floats(context, re, x!.shape), floats(context, im, y!.shape)];
  },
};
