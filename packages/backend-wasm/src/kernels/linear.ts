/**
 * y = x·Wᵀ on wasm. f32 weights with a few rows of x take the streaming GEMV (gemv-f32.ts, W
 * resident), more rows the tiled matmul. Packed weights (q8_0, q4_0, q4_K, mxfp4, nvfp4, and int8/int4 with
 * per-group scales) stay packed: activations are quantized to int8 per 32 (as ggml does) and
 * each weight block is unpacked in registers inside the dot product; ternary tq2_0 is summed
 * by table lookup (assembly/ternary.ts). Rows of W are shared among the kernels' threads.
 * Shapes a fused kernel cannot take (k not a whole number of blocks) decode W and use the f32
 * matmul.
 */

import { applyGroupScales } from '@lowbit/backend-cpu';
import { type KernelConfig, Linear, linearGroups, matmulShape, type Tensor } from '@lowbit/core';
import type { Call } from '../threads/thread-pool.ts';
import type { WasmBackend } from '../wasm-backend.ts';
import type { Frame, WasmKernels } from '../wasm-module.ts';
import { codeTable, nvfp4Header } from './decode.ts';
import { GEMV_MAX_ROWS, gemvFloat } from './gemv-f32.ts';
import { matmulStrided } from './matmul.ts';
import { splitColumns } from './parallel.ts';
import { floats, type WasmContext } from './row-kernel.ts';

/**
 * Row-major x [m, k] times Wᵀ for f32 W [n, k]; `storage` (W's tensor storage, absent for
 * decoded or scaled temporaries) keeps W resident for the GEMV.
 */
function floatLinear(
  kernels: WasmKernels,
  x: Float32Array,
  w: Float32Array,
  m: number,
  n: number,
  k: number,
  storage?: Uint8Array,
): Float32Array {
  if (m <= GEMV_MAX_ROWS)
    return gemvFloat(kernels, x, { data: w, layout: 'rows', storage }, m, n, k);
  return matmulStrided(
    kernels,
    { data: x, rowStride: k, colStride: 1 },
    { data: w, rowStride: 1, colStride: k },
    m,
    n,
    k,
  );
}

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
  header?: (w: Tensor, frame: Frame, at: number) => { offset: number; extra: number[] };
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
      if (k % block !== 0 || group % 32 !== 0 || m * n === 0) {
        let weights = w!.format.decode(backend.bytes(w!), w!.size);
        if (scales) weights = applyGroupScales(weights, backend.floats(scales), k, group);
        return floats(context, floatLinear(kernels, backend.floats(x!), weights, m, n, k), [m, n]);
      }
      const packed = backend.bytes(w!);
      const resident = kernels.place(packed);
      const frame = kernels.frame();
      const px = frame.put(backend.floats(x!));
      const q8 = (spec.activations ?? 'q8') === 'q8';
      const xq = q8 ? frame.reserve(m * k * 2) : 0;
      const xd = q8 ? frame.reserve((m * k) / 8) : 0;
      const xsum = q8 ? frame.reserve((m * k) / 8) : 0;
      if (q8) kernels.exports.quantizeActivations(px, xq, xd, xsum, m, k);
      const pw = resident ?? frame.put(packed);
      const { offset, extra } = spec.header?.(w!, frame, pw) ?? { offset: 0, extra: [] };
      const operands: Operands = {
        x: px,
        xq,
        xd,
        xsum,
        w: pw + offset,
        rowBytes: (packed.byteLength - offset) / n,
        scales: scales ? frame.put(backend.floats(scales)) : 0,
        groups: scales ? scales.shape[1]! : 0,
        m,
        k,
        extra,
      };
      const y = splitColumns(kernels, frame, m, n, m * n * k, (start, count, out) =>
        spec.gemv(operands, start, count, out, frame),
      );
      return floats(context, y, [m, n]);
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
  header(w, frame, at) {
    const { scale, offset } = nvfp4Header(w.format, frame.bytes(at, 4));
    return { offset, extra: [frame.put(codeTable('fp8_e4m3fn')), scale] };
  },
});

export const floatLinearConfig: KernelConfig<typeof Linear, WasmBackend> = {
  op: Linear,
  backend: 'wasm',
  fn([x, w, scales]: readonly Tensor[], _attrs: object, context: WasmContext): Tensor {
    const [m, n] = matmulShape(x!.shape, w!.shape, false, true);
    const k = x!.shape[1]!;
    const { backend } = context;
    const weights = backend.floats(w!);
    const y = scales
      ? floatLinear(
          backend.kernels,
          backend.floats(x!),
          applyGroupScales(
            weights,
            backend.floats(scales),
            k,
            linearGroups(w!.shape, scales.shape),
          ),
          m,
          n,
          k,
        )
      : floatLinear(backend.kernels, backend.floats(x!), weights, m, n, k, backend.bytes(w!));
    return floats(context, y, [m, n]);
  },
};

export const linearConfigs = [
  floatLinearConfig,
  fused({ format: 'q8_0', block: 32, gemv: plain('gemvQ8_0') }),
  fused({ format: 'q4_0', block: 32, gemv: plain('gemvQ4_0') }),
  fused({ format: 'mxfp4', block: 32, gemv: plain('gemvMxfp4') }),
  fused({
    format: 'q4_K',
    block: 256,
    gemv: (o, start, count, y) => ({
      fn: 'gemvQ4K',
      args: [o.xq, o.xd, o.xsum, o.w + start * o.rowBytes, y, o.m, count, o.k],
    }),
  }),
  fused(nvfp4Spec('nvfp4')),
  fused(nvfp4Spec('nvfp4_ggml')),
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
