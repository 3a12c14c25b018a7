/**
 * y = x·Wᵀ on wasm, every operand read where it lives in linear memory, one kernel per entry of
 * the trait table (traits/format-traits.ts). f32 weights with a few rows of x take the streaming
 * GEMV (gemv-f32.ts), more rows the tiled matmul. Fused kernels keep W packed: activations are
 * quantized once per call to the type the kernel reads (int8 per 32, as ggml's vec_dot_type, or
 * f32) and shared by every row and thread. Formats without one decode chunks of W's rows into
 * scratch and run the f32 GEMV on them (assembly/gemv-decoded.ts). Rows of W are shared among
 * the kernels' threads. Shapes no kernel takes (K not a whole number of blocks) decode all of W
 * and use the f32 matmul.
 */

import { applyGroupScales } from '@lowbit/backend-cpu';
import {
  type KernelConfig,
  Linear,
  linearGroups,
  matmulShape,
  rowLayout,
  type Tensor,
} from '@lowbit/core';
import type { WasmDecoder } from '../traits/decoders.ts';
import type { FormatTraits } from '../traits/format-traits.ts';
import type { FusedSpec, Operands } from '../traits/gemvs.ts';
import type { WasmBackend } from '../wasm-backend.ts';
import type { Frame } from '../wasm-module.ts';
import type { Decoders } from './decode.ts';
import { floatLinear } from './matmul.ts';
import { splitColumns } from './parallel.ts';
import type { WasmContext } from './row-kernel.ts';

/** Decoded values per chunk of W's rows in gemvDecoded (32 KB of scratch per thread). */
const CHUNK_VALUES = 8192;

/**
 * W as f32 [n, k] in scratch for shapes no kernel takes: decoded inside linear memory, group
 * scales applied on a host copy (rare: k not a whole number of blocks).
 */
function decodedWeights(
  backend: WasmBackend,
  decoders: Decoders,
  frame: Frame,
  w: Tensor,
  scales: Tensor | undefined,
  k: number,
): number {
  const at = frame.reserve(decoders.decodedBytes(w));
  decoders.decodeInto(backend, w, at);
  if (!scales) return at;
  const scaled = applyGroupScales(
    new Float32Array(backend.kernels.copyOut(at, w.size * 4).buffer),
    backend.hostFloats(scales),
    k,
    linearGroups(w.shape, scales.shape),
  );
  return frame.put(scaled);
}

/** The body of a linear kernel: y [m, n] at `y`, or false where the shape needs the fallback. */
type LinearBody = (
  context: WasmContext,
  inputs: readonly Tensor[],
  shape: { m: number; n: number; k: number },
  frame: Frame,
  y: number,
) => boolean;

function linearKernel(
  formats: string[],
  activations: 'q8' | 'f32',
  decoders: Decoders,
  body: LinearBody,
): KernelConfig<typeof Linear, WasmBackend> {
  return {
    op: Linear,
    backend: 'wasm',
    formats,
    activations,
    fn(inputs: readonly Tensor[], _attrs: object, context: WasmContext): Tensor {
      const [x, w, scales] = inputs;
      const [m, n] = matmulShape(x!.shape, w!.shape, false, true);
      const k = x!.shape[1]!;
      const { backend } = context;
      const { kernels } = backend;
      return backend.output(context, [m, n], (y) =>
        kernels.call((frame) => {
          if (m * n !== 0 && body(context, inputs, { m, n, k }, frame, y)) return;
          const weights = decodedWeights(backend, decoders, frame, w!, scales, k);
          floatLinear(kernels, frame, backend.ptr(x!), weights, [m, n, k], y);
        }),
      );
    },
  };
}

/** A fused kernel for weights in `format`, split over threads by rows of W. */
function fused(format: string, spec: FusedSpec, decoders: Decoders) {
  const { block, scaled = false } = spec;
  const body: LinearBody = ({ backend }, [x, w, scales], { m, n, k }, frame, y) => {
    const group = scales ? linearGroups(w!.shape, scales.shape) : block;
    if (k % block !== 0 || (scales && group % 32 !== 0)) return false;
    const { kernels } = backend;
    const px = backend.ptr(x!);
    const pw = backend.ptr(w!);
    const q8 = (spec.activations ?? 'q8') === 'q8';
    const xq = q8 ? frame.reserve(m * k * 2) : 0;
    const xd = q8 ? frame.reserve((m * k) / 8) : 0;
    const xsum = q8 ? frame.reserve((m * k) / 8) : 0;
    if (q8) kernels.exports.quantizeActivations(px, xq, xd, xsum, m, k);
    const { offset, extra } = spec.header?.(kernels, pw, w!.format) ?? { offset: 0, extra: [] };
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
    return true;
  };
  return linearKernel(
    scaled ? ['f32', format, 'f32'] : ['f32', format],
    spec.declares ?? spec.activations ?? 'q8',
    decoders,
    body,
  );
}

/** Decode-then-GEMV for weights with a wasm decoder but no fused kernel. */
function decodedGemv(format: string, decoder: WasmDecoder, decoders: Decoders) {
  const body: LinearBody = ({ backend }, [x, w], { m, n, k }, frame, y) => {
    // Rows must start on a unit (block formats) or byte (scalar codes) boundary.
    if (k % decoder.unit !== 0 || (!w!.format.block && (k * w!.format.bits) % 8 !== 0))
      return false;
    const { kernels } = backend;
    const pw = backend.ptr(w!);
    const { header, rowBytes } = rowLayout(w!.format, k);
    const { a, b, c, s } = decoder.args(kernels, pw, w!.format);
    const rows = Math.max(1, Math.floor(CHUNK_VALUES / k));
    const px = backend.ptr(x!);
    splitColumns(kernels, frame, m, n, m * n * k, y, (start, count, out) => ({
      fn: 'gemvDecoded',
      args: [
        decoder.kind,
        decoder.unit,
        a,
        b,
        c,
        s,
        px,
        pw + header + start * rowBytes,
        rowBytes,
        out,
        m,
        count,
        k,
        frame.reserve((rows * k + m * rows) * 4),
        rows,
      ],
    }));
    return true;
  };
  return linearKernel(['f32', format], 'f32', decoders, body);
}

export function floatLinearConfig(decoders: Decoders): KernelConfig<typeof Linear, WasmBackend> {
  return {
    op: Linear,
    backend: 'wasm',
    fn([x, w, scales]: readonly Tensor[], _attrs: object, context: WasmContext): Tensor {
      const [m, n] = matmulShape(x!.shape, w!.shape, false, true);
      const k = x!.shape[1]!;
      const { backend } = context;
      const [px, pw] = [backend.ptr(x!), backend.ptr(w!)];
      return backend.output(context, [m, n], (y) =>
        backend.kernels.call((frame) => {
          const weights = scales ? decodedWeights(backend, decoders, frame, w!, scales, k) : pw;
          floatLinear(backend.kernels, frame, px, weights, [m, n, k], y);
        }),
      );
    },
  };
}

/** The f32 kernel, then one linear kernel per format of the trait table (two for scaled ones). */
export function linearConfigs(
  traits: readonly FormatTraits[],
  decoders: Decoders,
): KernelConfig<typeof Linear, WasmBackend>[] {
  const configs = [floatLinearConfig(decoders)];
  for (const { format, decoder, linear, scaledLinear } of traits) {
    if (format === 'f32') continue;
    configs.push(
      linear === 'decoded'
        ? decodedGemv(format, decoder, decoders)
        : fused(format, linear, decoders),
    );
    if (scaledLinear) configs.push(fused(format, scaledLinear, decoders));
  }
  return configs;
}
