/**
 * Fused linear kernels as data (ggml's `vec_dot` with its `vec_dot_type`): which export computes
 * W's rows [start, start + count), the activations it reads (int8 per 32, quantized once per
 * call and shared by every row and thread, or f32), and its block.
 */
import type { Format } from '@lowbit/core';
import type { Call } from '../threads/thread-pool.ts';
import type { Frame, WasmKernels } from '../wasm-module.ts';

/** Where one call's operands sit in linear memory. */
export interface Operands {
  /** f32 activations [m, k]. */
  x: number;
  /** int8 activations per 32 (as i16), their scales and block sums (quantizeActivations). */
  xq: number;
  xd: number;
  xsum: number;
  /** W's first row (after any header) and the bytes per row. */
  w: number;
  rowBytes: number;
  /** Per-group scales [n, groups] (scaled formats). */
  scales: number;
  groups: number;
  m: number;
  k: number;
  /** Format-specific trailing arguments (nvfp4: the E4M3 table and the tensor scale). */
  extra: number[];
}

/** The export call computing W's rows [start, start + count) into y (m × count). */
export type Gemv = (o: Operands, start: number, count: number, y: number, frame: Frame) => Call;

export interface FusedSpec {
  /** Values per block: K must be a whole number of them. */
  block: number;
  gemv: Gemv;
  /** Takes a third input of per-group scales. */
  scaled?: boolean;
  /** The activation type it reads: int8 per 32 (default, ggml's q8_0) or f32. */
  activations?: 'q8' | 'f32';
  /** The rounding it applies to activations, when it quantizes them itself (tq2_0: q8 per 256). */
  declares?: 'q8' | 'f32';
  /** Bytes before the first row, and extra arguments, from W's packed bytes. */
  header?: (
    kernels: WasmKernels,
    at: number,
    format: Format,
  ) => { offset: number; extra: number[] };
}

/** Kernels reading (xq, xd, W rows, y, m, n, k, …extra). */
export const plain =
  (fn: string): Gemv =>
  (o, start, count, y) => ({
    fn,
    args: [o.xq, o.xd, o.w + start * o.rowBytes, y, o.m, count, o.k, ...o.extra],
  });

/** Kernels reading (xq, xd, W rows, y, m, n, k, scratch), with `bytes(m, k)` of scratch. */
export const withScratch =
  (fn: string, bytes: (m: number, k: number) => number): Gemv =>
  (o, start, count, y, frame) => ({
    fn,
    args: [
      o.xq,
      o.xd,
      o.w + start * o.rowBytes,
      y,
      o.m,
      count,
      o.k,
      frame.reserve(bytes(o.m, o.k)),
    ],
  });

/** Kernels reading (xq, xd, xsum, W rows, y, m, n, k): blocks with minimums. */
export const withSums =
  (fn: string): Gemv =>
  (o, start, count, y) => ({
    fn,
    args: [o.xq, o.xd, o.xsum, o.w + start * o.rowBytes, y, o.m, count, o.k],
  });

/** Kernels reading (xq, xd, W rows, their scales, y, m, n, k, groups). */
export const withScales =
  (fn: string): Gemv =>
  (o, start, count, y) => ({
    fn,
    args: [
      o.xq,
      o.xd,
      o.w + start * o.rowBytes,
      o.scales + start * o.groups * 4,
      y,
      o.m,
      count,
      o.k,
      o.groups,
    ],
  });

/** Kernels reading (x f32, W rows, y, m, n, k). */
export const f32Activations =
  (fn: string): Gemv =>
  (o, start, count, y) => ({ fn, args: [o.x, o.w + start * o.rowBytes, y, o.m, count, o.k] });
