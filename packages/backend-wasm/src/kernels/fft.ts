/**
 * Complex FFT on wasm for power-of-two rows (SIMD radix-2 decimation in frequency in f32, the
 * last two stages fused with the bit-reversal);
 * other lengths use the float64 reference (Bluestein), as on cpu.
 */
import { Fft, type FftAttrs, type KernelConfig, type Tensor } from '@lowbit/core';
import { fftAny, ifftAny } from '@lowbit/transforms';
import type { WasmBackend } from '../wasm-backend.ts';
import type { WasmKernels } from '../wasm-module.ts';
import { floats, isPowerOfTwo, type WasmContext } from './row-kernel.ts';

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

/** FFT of f32 rows of n (a power of two): forward, or inverse with 1/n. Inputs are not modified. */
export function fftRows(
  kernels: WasmKernels,
  re: Float32Array,
  im: Float32Array,
  n: number,
  inverse: boolean,
): [Float32Array, Float32Array] {
  const { cos, sin, reverse } = tables(n);
  const outRe = new Float32Array(re.length);
  const outIm = new Float32Array(im.length);
  const rowsPerChunk = Math.max(1, Math.floor((2 << 20) / n));
  for (let row = 0; row * n < re.length; row += rowsPerChunk) {
    const rows = Math.min(rowsPerChunk, re.length / n - row);
    const span = [row * n, (row + rows) * n] as const;
    const frame = kernels.frame();
    const pr = frame.put(re.subarray(...span));
    const pi = frame.put(im.subarray(...span));
    const pc = frame.put(cos);
    const ps = frame.put(sin);
    const pv = frame.put(reverse);
    const or = frame.reserve(rows * n * 4);
    const oi = frame.reserve(rows * n * 4);
    kernels.exports.fft(pr, pi, or, oi, n, rows, pc, ps, pv, inverse ? 1 : -1, inverse ? 1 / n : 1);
    outRe.set(frame.floats(or, rows * n), span[0]);
    outIm.set(frame.floats(oi, rows * n), span[0]);
  }
  return [outRe, outIm];
}

export const fftConfig: KernelConfig<typeof Fft, WasmBackend> = {
  op: Fft,
  backend: 'wasm',
  fn([x, y]: readonly Tensor[], attrs: FftAttrs, context: WasmContext): Tensor[] {
    const n = x!.shape[x!.rank - 1]!;
    if (isPowerOfTwo(n)) {
      const [re, im] = fftRows(
        context.backend.kernels,
        context.backend.floats(x!),
        context.backend.floats(y!),
        n,
        attrs.inverse === true,
      );
      return [floats(context, re, x!.shape), floats(context, im, y!.shape)];
    }
    const re = context.backend.floats(x!).slice();
    const im = context.backend.floats(y!).slice();
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
