/**
 * Complex FFT on wasm for power-of-two rows (SIMD radix-2 decimation in frequency in f32, the
 * last two stages fused with the bit-reversal);
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

/** FFT of `rows` f32 rows of n (a power of two) at (re, im) into (outRe, outIm); 1/n if inverse. */
export function fftAt(
  kernels: WasmKernels,
  [re, im, outRe, outIm]: readonly [number, number, number, number],
  n: number,
  rows: number,
  inverse: boolean,
): void {
  const { cos, sin, reverse } = tables(n);
  const [pc, ps, pv] = [kernels.constant(cos), kernels.constant(sin), kernels.constant(reverse)];
  kernels.exports.fft(
    re,
    im,
    outRe,
    outIm,
    n,
    rows,
    pc,
    ps,
    pv,
    inverse ? 1 : -1,
    inverse ? 1 / n : 1,
  );
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
