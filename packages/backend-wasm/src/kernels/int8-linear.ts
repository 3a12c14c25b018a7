/**
 * LLM.int8() on wasm: the outlier columns are found and zeroed on the host, the inlier rows
 * quantized vector-wise (assembly `quantizeRows`) and multiplied by the int8 weight with the
 * fused int8 GEMV; the few outlier columns are then added in f64 (backend-cpu's addInt8Outliers).
 * K is padded with zeros to a multiple of 32 where needed.
 */

import { addInt8Outliers, type Int8LinearOperands, int8LinearOperands } from '@lowbit/backend-cpu';
import { Int8Linear, type Int8LinearAttrs, type KernelConfig, type Tensor } from '@lowbit/core';
import type { WasmBackend } from '../wasm-backend.ts';
import type { Frame, WasmKernels } from '../wasm-module.ts';
import { splitColumns } from './parallel.ts';
import { floats, type WasmContext } from './row-kernel.ts';

/** Copies `rows` rows of `width` elements into rows of `stride` (zero tail). */
function putRows(
  frame: Frame,
  data: Uint8Array,
  rows: number,
  width: number,
  stride: number,
): number {
  if (width === stride) return frame.put(data);
  const at = frame.reserve(rows * stride);
  const view = frame.bytes(at, rows * stride);
  view.fill(0);
  for (let r = 0; r < rows; r++) view.set(data.subarray(r * width, (r + 1) * width), r * stride);
  return at;
}

const asBytes = (v: Float32Array) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

function int8Linear(
  inputs: readonly Tensor[],
  attrs: Int8LinearAttrs,
  context: WasmContext,
): Tensor {
  const operands = int8LinearOperands(inputs, attrs, context.backend);
  const { m, n, k } = operands;
  const y =
    m * n > 0 && k > 0 ? inliers(context.backend.kernels, operands) : new Float32Array(m * n);
  addInt8Outliers(y, operands);
  return floats(context, y, [m, n]);
}

/** The int8 × int8 part over the non-outlier columns, split over the kernels' threads. */
function inliers(
  kernels: WasmKernels,
  { m, n, k, x, weights, columns }: Int8LinearOperands,
): Float32Array {
  const padded = Math.ceil(k / 32) * 32;
  const codes = new Uint8Array(
    weights.codes.buffer,
    weights.codes.byteOffset,
    weights.codes.byteLength,
  );
  const resident = padded === k ? kernels.place(weights.codes) : undefined;
  const frame = kernels.frame();
  const px = putRows(frame, asBytes(x), m, k * 4, padded * 4);
  const xq = frame.reserve(m * padded * 2);
  const xd = frame.reserve((m * padded) / 8);
  const pw = resident ?? putRows(frame, codes, n, k, padded);
  const ps = frame.put(weights.scales);
  const view = frame.floats(px, m * padded);
  for (let i = 0; i < m; i++) {
    for (const c of columns.kept) view[i * padded + c] = 0;
    for (const c of columns.detected) view[i * padded + c] = 0;
  }
  kernels.exports.quantizeRows(px, xq, xd, m, padded);
  return splitColumns(kernels, frame, m, n, m * n * padded, (start, count, out) => ({
    fn: 'gemvInt8',
    args: [xq, xd, pw + start * padded, ps + start * 4, out, m, count, padded, 1],
  }));
}

/** With and without the kept f32 columns. */
export const int8LinearConfigs: KernelConfig<typeof Int8Linear, WasmBackend>[] = [
  { op: Int8Linear, backend: 'wasm', formats: ['f32', 'int8', 'f32'], fn: int8Linear },
  { op: Int8Linear, backend: 'wasm', formats: ['f32', 'int8', 'f32', 'f32'], fn: int8Linear },
];
