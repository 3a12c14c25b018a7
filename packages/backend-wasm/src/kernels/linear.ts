/**
 * y = x·Wᵀ on wasm, every operand read where it lives in linear memory. f32 weights with a few
 * rows of x take the streaming GEMV (gemv-f32.ts), more rows the tiled matmul. Packed weights
 * (q8_0, q4_0, q4_K, q5_K, q6_K, mxfp4, nvfp4, and int8/int4 with per-group scales) stay
 * packed: activations are quantized to int8 per 32 (as ggml does) and each weight block is
 * unpacked in registers inside the dot product; f16 weights are widened in registers against
 * f32 activations (assembly/gemv-f16.ts); ternary tq2_0 is summed by table lookup
 * (assembly/ternary.ts). Rows of W are shared among the kernels' threads.
 * Shapes a fused kernel cannot take (k not a whole number of blocks) decode W and use the f32
 * matmul.
 */

import { applyGroupScales } from '@lowbit/backend-cpu';
import { type KernelConfig, Linear, linearGroups, matmulShape, type Tensor } from '@lowbit/core';
import type { Call } from '../threads/thread-pool.ts';
import type { WasmBackend } from '../wasm-backend.ts';
import type { Frame, WasmKernels } from '../wasm-module.ts';
import { codeTable, decodedBytes, decodeInto, nvfp4Header } from './decode.ts';
import { floatLinear } from './matmul.ts';
import { splitColumns } from './parallel.ts';
import type { WasmContext } from './row-kernel.ts';

/** gemvTq2_0's scratch per thread: 64 tables of 256 i16, 256 int8 and 32 i16 half sums. */
const TERNARY_SCRATCH = 64 * 512 + 320;

/** Where one call's operands sit in linear memory. */
interface Operands {
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
type Gemv = (o: Operands, start: number, count: number, y: number, frame: Frame) => Call;

interface FusedSpec {
  format: string;
  /** Values per block: K must be a whole number of them. */
  block: number;
  gemv: Gemv;
  /** Takes a third input of per-group scales. */
  scaled?: boolean;
  /** Reads int8 activations per 32 (default) or the f32 ones. */
  activations?: 'q8' | 'f32';
  /** Bytes before the first row, and extra arguments, from W's packed bytes. */
  header?: (w: Tensor, kernels: WasmKernels, at: number) => { offset: number; extra: number[] };
}

/**
 * W as f32 [n, k] in scratch for shapes no fused kernel takes: decoded inside linear memory,
 * group scales applied on a host copy (rare: k not a whole number of blocks).
 */
function decodedWeights(
  backend: WasmBackend,
  frame: Frame,
  w: Tensor,
  scales: Tensor | undefined,
  k: number,
): number {
  const at = frame.reserve(decodedBytes(w));
  decodeInto(backend, w, at);
  if (!scales) return at;
  const scaled = applyGroupScales(
    new Float32Array(backend.kernels.copyOut(at, w.size * 4).buffer),
    backend.hostFloats(scales),
    k,
    linearGroups(w.shape, scales.shape),
  );
  return frame.put(scaled);
}

/** A fused linear kernel for weights in `spec.format`, split over threads by rows of W. */
function fused(spec: FusedSpec): KernelConfig<typeof Linear, WasmBackend> {
  const { format, block, scaled = false } = spec;
  return {
    op: Linear,
    backend: 'wasm',
    formats: scaled ? ['f32', format, 'f32'] : ['f32', format],
    fn(inputs: readonly Tensor[], _attrs: object, context: WasmContext): Tensor {
      const [x, w, scales] = inputs;
      const [m, n] = matmulShape(x!.shape, w!.shape, false, true);
      const k = x!.shape[1]!;
      const { backend } = context;
      const { kernels } = backend;
      const group = scales ? linearGroups(w!.shape, scales.shape) : block;
      const px = backend.ptr(x!);
      const pw = backend.ptr(w!);
      return backend.output(context, [m, n], (y) =>
        kernels.call((frame) => {
          if (k % block !== 0 || (scales && group % 32 !== 0) || m * n === 0) {
            const weights = decodedWeights(backend, frame, w!, scales, k);
            floatLinear(kernels, frame, px, weights, [m, n, k], y);
            return;
          }
          const q8 = (spec.activations ?? 'q8') === 'q8';
          const xq = q8 ? frame.reserve(m * k * 2) : 0;
          const xd = q8 ? frame.reserve((m * k) / 8) : 0;
          const xsum = q8 ? frame.reserve((m * k) / 8) : 0;
          if (q8) kernels.exports.quantizeActivations(px, xq, xd, xsum, m, k);
          const { offset, extra } = spec.header?.(w!, kernels, pw) ?? { offset: 0, extra: [] };
          const operands: Operands = {
            x: px,
            xq,
            xd,
            xsum,
            w: pw + offset,
            rowBytes: (w!.byteLength - offset) / n,
            scales: scales ? backend.ptr(scales) : 0,
            groups: scales ? scales.shape[1]! : 0,
            m,
            k,
            extra,
          };
          splitColumns(kernels, frame, m, n, m * n * k, y, (start, count, out) =>
            spec.gemv(operands, start, count, out, frame),
          );
        }),
      );
    },
  };
}

/** Kernels reading (xq, xd, W rows, y, m, n, k). */
const plain =
  (fn: string): Gemv =>
  (o, start, count, y) => ({
    fn,
    args: [o.xq, o.xd, o.w + start * o.rowBytes, y, o.m, count, o.k, ...o.extra],
  });

/** Kernels reading (xq, xd, xsum, W rows, y, m, n, k): K-quants with minimums. */
const withSums =
  (fn: string): Gemv =>
  (o, start, count, y) => ({
    fn,
    args: [o.xq, o.xd, o.xsum, o.w + start * o.rowBytes, y, o.m, count, o.k],
  });

/** Kernels reading (xq, xd, W rows, their scales, y, m, n, k, groups). */
const withScales =
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

const nvfp4Spec = (format: string): FusedSpec => ({
  format,
  block: 64,
  gemv: plain('gemvNvfp4'),
  header(w, kernels, at) {
    const { scale, offset } = nvfp4Header(w.format, new Uint8Array(kernels.memory.buffer, at, 4));
    return { offset, extra: [kernels.constant(codeTable('fp8_e4m3fn')), scale] };
  },
});

export const floatLinearConfig: KernelConfig<typeof Linear, WasmBackend> = {
  op: Linear,
  backend: 'wasm',
  fn([x, w, scales]: readonly Tensor[], _attrs: object, context: WasmContext): Tensor {
    const [m, n] = matmulShape(x!.shape, w!.shape, false, true);
    const k = x!.shape[1]!;
    const { backend } = context;
    const [px, pw] = [backend.ptr(x!), backend.ptr(w!)];
    return backend.output(context, [m, n], (y) =>
      backend.kernels.call((frame) => {
        const weights = scales ? decodedWeights(backend, frame, w!, scales, k) : pw;
        floatLinear(backend.kernels, frame, px, weights, [m, n, k], y);
      }),
    );
  },
};

export const linearConfigs = [
  floatLinearConfig,
  fused({ format: 'q8_0', block: 32, gemv: plain('gemvQ8_0') }),
  fused({ format: 'q4_0', block: 32, gemv: plain('gemvQ4_0') }),
  fused({ format: 'mxfp4', block: 32, gemv: plain('gemvMxfp4') }),
  fused({ format: 'q4_K', block: 256, gemv: withSums('gemvQ4K') }),
  fused({ format: 'q5_K', block: 256, gemv: withSums('gemvQ5K') }),
  fused({ format: 'q6_K', block: 256, gemv: plain('gemvQ6K') }),
  fused({
    format: 'f16',
    block: 1,
    activations: 'f32',
    gemv: (o, start, count, y) => ({
      fn: 'gemvF16',
      args: [o.x, o.w + start * o.rowBytes, y, o.m, count, o.k],
    }),
  }),
  fused(nvfp4Spec('nvfp4')),
  fused(nvfp4Spec('nvfp4_scaled')),
  fused({ format: 'int8', block: 32, gemv: withScales('gemvInt8'), scaled: true }),
  fused({ format: 'int4', block: 32, gemv: withScales('gemvInt4'), scaled: true }),
  fused({
    format: 'tq2_0',
    block: 256,
    activations: 'f32',
    gemv: (o, start, count, y, frame) => ({
      fn: 'gemvTq2_0',
      args: [o.x, o.w + start * o.rowBytes, y, o.m, count, o.k, frame.reserve(TERNARY_SCRATCH)],
    }),
  }),
];
