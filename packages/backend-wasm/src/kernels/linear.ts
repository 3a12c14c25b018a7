/**
 * y = x·Wᵀ on wasm. Packed weights (q8_0, q4_0, q4_K, mxfp4, nvfp4, and int8/int4 with
 * per-group scales) stay packed: activations are quantized to int8 per 32 (as ggml does) and
 * each weight block is unpacked in registers inside the dot product. Shapes a fused kernel
 * cannot take (k not a whole number of blocks) decode W and use the f32 matmul.
 */
import {
  applyGroupScales,
  type KernelConfig,
  Linear,
  linearGroups,
  matmulShape,
  type Tensor,
} from '@lowbit/core';
import type { WasmBackend } from '../wasm-backend.ts';
import type { Frame, KernelExports, WasmKernels } from '../wasm-module.ts';
import { codeTable, nvfp4Header } from './decode.ts';
import { matmulStrided } from './matmul.ts';
import { floats, type WasmContext } from './row-kernel.ts';

/** Row-major x [m, k] times Wᵀ for f32 W [n, k]. */
function floatLinear(
  kernels: WasmKernels,
  x: Float32Array,
  w: Float32Array,
  m: number,
  n: number,
  k: number,
): Float32Array {
  return matmulStrided(
    kernels,
    { data: x, rowStride: k, colStride: 1 },
    { data: w, rowStride: 1, colStride: k },
    m,
    n,
    k,
  );
}

interface Quantized {
  xq: number;
  xd: number;
  xsum: number;
}

type Gemv = (
  exports: KernelExports,
  frame: Frame,
  x: Quantized,
  w: number,
  y: number,
  m: number,
  n: number,
  k: number,
  inputs: readonly Tensor[],
  context: WasmContext,
) => void;

/**
 * A fused linear kernel for weights in `format` whose rows hold whole blocks of `block`
 * values; `scaled` kernels take a third input of per-group scales.
 */
function fused(
  format: string,
  block: number,
  gemv: Gemv,
  scaled = false,
): KernelConfig<typeof Linear, WasmBackend> {
  return {
    op: Linear,
    backend: 'wasm',
    formats: scaled ? ['f32', format, 'f32'] : ['f32', format],
    fn(inputs: readonly Tensor[], _attrs: object, context: WasmContext): Tensor {
      const [x, w, scales] = inputs;
      const [m, n] = matmulShape(x!.shape, w!.shape, false, true);
      const k = x!.shape[1]!;
      const { backend } = context;
      const group = scales ? linearGroups(w!.shape, scales.shape) : block;
      if (k % block !== 0 || group % 32 !== 0 || m * n === 0) {
        let weights = w!.format.decode(backend.bytes(w!), w!.size);
        if (scales) weights = applyGroupScales(weights, backend.floats(scales), k, group);
        return floats(context, floatLinear(backend.kernels, backend.floats(x!), weights, m, n, k), [
          m,
          n,
        ]);
      }
      const frame = backend.kernels.frame();
      const px = frame.put(backend.floats(x!));
      const quantized = {
        xq: frame.reserve(m * k * 2),
        xd: frame.reserve((m * k) / 8),
        xsum: frame.reserve((m * k) / 8),
      };
      const exports = backend.kernels.exports;
      exports.quantizeActivations(px, quantized.xq, quantized.xd, quantized.xsum, m, k);
      const pw = frame.put(backend.bytes(w!));
      const y = frame.reserve(m * n * 4);
      gemv(exports, frame, quantized, pw, y, m, n, k, inputs, context);
      return floats(context, frame.floats(y, m * n).slice(), [m, n]);
    },
  };
}

const plain =
  (fn: 'gemvQ8_0' | 'gemvQ4_0' | 'gemvMxfp4'): Gemv =>
  (exports, _frame, x, w, y, m, n, k) =>
    exports[fn](x.xq, x.xd, w, y, m, n, k);

const withScales =
  (fn: 'gemvInt8' | 'gemvInt4'): Gemv =>
  (exports, frame, x, w, y, m, n, k, inputs, context) => {
    const scales = inputs[2]!;
    exports[fn](
      x.xq,
      x.xd,
      w,
      frame.put(context.backend.floats(scales)),
      y,
      m,
      n,
      k,
      scales.shape[1]!,
    );
  };

const nvfp4: Gemv = (exports, frame, x, w, y, m, n, k, inputs) => {
  const { scale, offset } = nvfp4Header(inputs[1]!.format, frame.bytes(w, 4));
  exports.gemvNvfp4(x.xq, x.xd, w + offset, y, m, n, k, frame.put(codeTable('fp8_e4m3fn')), scale);
};

export const floatLinearConfig: KernelConfig<typeof Linear, WasmBackend> = {
  op: Linear,
  backend: 'wasm',
  fn([x, w, scales]: readonly Tensor[], _attrs: object, context: WasmContext): Tensor {
    const [m, n] = matmulShape(x!.shape, w!.shape, false, true);
    const k = x!.shape[1]!;
    let weights = context.backend.floats(w!);
    if (scales)
      weights = applyGroupScales(
        weights,
        context.backend.floats(scales),
        k,
        linearGroups(w!.shape, scales.shape),
      );
    return floats(
      context,
      floatLinear(context.backend.kernels, context.backend.floats(x!), weights, m, n, k),
      [m, n],
    );
  },
};

export const linearConfigs = [
  floatLinearConfig,
  fused('q8_0', 32, plain('gemvQ8_0')),
  fused('q4_0', 32, plain('gemvQ4_0')),
  fused('mxfp4', 32, plain('gemvMxfp4')),
  fused('q4_K', 256, (exports, _frame, x, w, y, m, n, k) =>
    exports.gemvQ4K(x.xq, x.xd, x.xsum, w, y, m, n, k),
  ),
  fused('nvfp4', 64, nvfp4),
  fused('nvfp4_ggml', 64, nvfp4),
  fused('int8', 32, withScales('gemvInt8'), true),
  fused('int4', 32, withScales('gemvInt4'), true),
];
