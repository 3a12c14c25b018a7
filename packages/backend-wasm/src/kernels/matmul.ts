/**
 * f32 matmul on wasm: the register-tiled SIMD kernel, transposes expressed as strides; a few
 * rows of A take the streaming GEMV instead (gemv-f32.ts). Operands are read where they live;
 * a batched matmul runs one product per batch at pointer offsets (stride 0: a shared operand).
 */
import { type KernelConfig, MatMul, type MatMulAttrs, matmulDims, type Tensor } from '@lowbit/core';
import type { WasmBackend } from '../wasm-backend.ts';
import type { Frame, WasmKernels } from '../wasm-module.ts';
import { GEMV_MAX_ROWS, gemvFloat, untranspose } from './gemv-f32.ts';
import { splitColumns } from './parallel.ts';
import type { WasmContext } from './row-kernel.ts';

/** An operand at `at`, stored row-major as [rows, cols], possibly transposed: its strides. */
export interface Operand {
  at: number;
  rowStride: number;
  colStride: number;
}

/** C [m×n] at `c` = A·B for operands given with strides; k = 0 gives zeros. */
export function matmulStrided(
  kernels: WasmKernels,
  frame: Frame,
  a: Operand,
  b: Operand,
  [m, n, k]: readonly [number, number, number],
  c: number,
): void {
  if (m === 0 || n === 0) return;
  if (k === 0) {
    frame.floats(c, m * n).fill(0);
    return;
  }
  splitColumns(kernels, frame, m, n, m * n * k, c, (start, count, out) => ({
    fn: 'matmul',
    args: [
      a.at,
      b.at + start * b.colStride * 4,
      out,
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

/** y [m×n] at `y` = x [m×k] · W for W [n, k] row-major at `w` (linear's Wᵀ). */
export function floatLinear(
  kernels: WasmKernels,
  frame: Frame,
  x: number,
  w: number,
  dims: readonly [number, number, number],
  y: number,
): void {
  const k = dims[2];
  if (dims[0] <= GEMV_MAX_ROWS) gemvFloat(kernels, frame, x, { at: w, layout: 'rows' }, dims, y);
  else
    matmulStrided(
      kernels,
      frame,
      { at: x, rowStride: k, colStride: 1 },
      { at: w, rowStride: 1, colStride: k },
      dims,
      y,
    );
}

export const matmulConfig: KernelConfig<typeof MatMul, WasmBackend> = {
  op: MatMul,
  backend: 'wasm',
  fn([a, b]: readonly Tensor[], attrs: MatMulAttrs, context: WasmContext): Tensor {
    const dims = matmulDims(a!.shape, b!.shape, attrs.transposeA, attrs.transposeB);
    const { batch, m, k, n, strideA, strideB } = dims;
    const { backend } = context;
    const { kernels } = backend;
    const [left, right] = [backend.ptr(a!), backend.ptr(b!)];
    return backend.output(context, dims.shape, (c) => {
      for (let i = 0; i < batch; i++)
        kernels.call((frame) =>
          matmulOne(
            kernels,
            frame,
            left + i * strideA * 4,
            right + i * strideB * 4,
            attrs,
            [m, n, k],
            c + i * m * n * 4,
          ),
        );
    });
  },
};

/** One [m×n] product of a batched matmul, operands at `left` and `right`. */
function matmulOne(
  kernels: WasmKernels,
  frame: Frame,
  left: number,
  right: number,
  attrs: MatMulAttrs,
  [m, n, k]: readonly [number, number, number],
  c: number,
): void {
  if (m <= GEMV_MAX_ROWS) {
    const x = attrs.transposeA ? untranspose(frame, left, m, k) : left;
    const layout = attrs.transposeB ? 'rows' : 'columns';
    gemvFloat(kernels, frame, x, { at: right, layout }, [m, n, k], c);
    return;
  }
  matmulStrided(
    kernels,
    frame,
    attrs.transposeA
      ? { at: left, rowStride: 1, colStride: m }
      : { at: left, rowStride: k, colStride: 1 },
    attrs.transposeB
      ? { at: right, rowStride: 1, colStride: k }
      : { at: right, rowStride: n, colStride: 1 },
    [m, n, k],
    c,
  );
}
