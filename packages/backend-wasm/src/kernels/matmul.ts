/**
 * f32 matmul on wasm: the register-tiled SIMD kernel, transposes expressed as strides; a few
 * rows of A take the streaming GEMV instead (gemv-f32.ts; B copied per call, as it may be an
 * activation — only linear keeps its weight resident).
 */
import {
  type KernelConfig,
  MatMul,
  type MatMulAttrs,
  matmulShape,
  type Tensor,
} from '@lowbit/core';
import type { WasmBackend } from '../wasm-backend.ts';
import type { WasmKernels } from '../wasm-module.ts';
import { GEMV_MAX_ROWS, gemvFloat, untranspose } from './gemv-f32.ts';
import { splitColumns } from './parallel.ts';
import { floats, type WasmContext } from './row-kernel.ts';

/** Strides (row, column) of an operand stored row-major as [rows, cols], possibly transposed. */
export interface Operand {
  data: Float32Array;
  rowStride: number;
  colStride: number;
}

/** C [m×n] = A·B for operands given with strides; k = 0 gives zeros. */
export function matmulStrided(
  kernels: WasmKernels,
  a: Operand,
  b: Operand,
  m: number,
  n: number,
  k: number,
): Float32Array {
  if (k === 0 || m === 0 || n === 0) return new Float32Array(m * n);
  const frame = kernels.frame();
  const pa = frame.put(a.data);
  const pb = frame.put(b.data);
  return splitColumns(kernels, frame, m, n, m * n * k, (start, count, c) => ({
    fn: 'matmul',
    args: [
      pa,
      pb + start * b.colStride * 4,
      c,
      m,
      count,
      k,
      a.rowStride,
      a.colStride,
      b.rowStride,
      b.colStride,
      frame.reserve(256 * 8 * 4),
      frame.reserve(32 * 4),
    ],
  }));
}

export const matmulConfig: KernelConfig<typeof MatMul, WasmBackend> = {
  op: MatMul,
  backend: 'wasm',
  fn([a, b]: readonly Tensor[], attrs: MatMulAttrs, context: WasmContext): Tensor {
    const [m, n] = matmulShape(a!.shape, b!.shape, attrs.transposeA, attrs.transposeB);
    const k = attrs.transposeA ? a!.shape[0]! : a!.shape[1]!;
    const left = context.backend.floats(a!);
    const right = context.backend.floats(b!);
    if (m <= GEMV_MAX_ROWS) {
      const x = attrs.transposeA ? untranspose(left, m, k) : left;
      const layout = attrs.transposeB ? 'rows' : 'columns';
      const y = gemvFloat(context.backend.kernels, x, { data: right, layout }, m, n, k);
      return floats(context, y, [m, n]);
    }
    const c = matmulStrided(
      context.backend.kernels,
      attrs.transposeA
        ? { data: left, rowStride: 1, colStride: m }
        : { data: left, rowStride: k, colStride: 1 },
      attrs.transposeB
        ? { data: right, rowStride: 1, colStride: k }
        : { data: right, rowStride: n, colStride: 1 },
      m,
      n,
      k,
    );
    return floats(context, c, [m, n]);
  },
};
