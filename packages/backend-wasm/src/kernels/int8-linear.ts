/**
 * LLM.int8() on wasm: the outlier columns are found and zeroed on the host, the inlier rows
 * quantized vector-wise (assembly `quantizeRows`) and multiplied by the int8 weight with the
 * fused int8 GEMV (W read where it lives); the few outlier columns are then added in f64 on
 * the host (backend-cpu's addInt8Outliers), so x and the result cross the boundary.
 * K is padded with zeros to a multiple of 32 where needed.
 */
import { addInt8Outliers, type Int8LinearOperands, int8LinearOperands } from '@lowbit/backend-cpu';
import {
  type HostBackend,
  Int8Linear,
  type Int8LinearAttrs,
  type KernelConfig,
  type Tensor,
} from '@lowbit/core';
import type { WasmBackend } from '../wasm-backend.ts';
import type { Frame } from '../wasm-module.ts';
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

/** W's int8 codes as a view of linear memory: remake it after any allocation. */
const codesView = (backend: WasmBackend, w: Tensor) =>
  new Int8Array(backend.view(w).buffer, backend.ptr(w), w.byteLength);

/**
 * The operands as core's host helpers read them: x, scales and kept columns copied out (small),
 * W's codes viewed in place.
 */
function operandsOf(
  inputs: readonly Tensor[],
  attrs: Int8LinearAttrs,
  backend: WasmBackend,
): Int8LinearOperands {
  const host = {
    floats: (t: Tensor) => backend.hostFloats(t),
    bytes: (t: Tensor) => backend.view(t),
  } as unknown as HostBackend; // the two methods int8LinearOperands calls
  return int8LinearOperands(inputs, attrs, host);
}

function int8Linear(
  inputs: readonly Tensor[],
  attrs: Int8LinearAttrs,
  context: WasmContext,
): Tensor {
  const { backend } = context;
  const operands = operandsOf(inputs, attrs, backend);
  const { m, n, k } = operands;
  const y = m * n > 0 && k > 0 ? inliers(backend, inputs[1]!, operands) : new Float32Array(m * n);
  operands.weights.codes = codesView(backend, inputs[1]!);
  addInt8Outliers(y, operands);
  return floats(context, y, [m, n]);
}

/** The int8 × int8 part over the non-outlier columns, split over the kernels' threads. */
function inliers(backend: WasmBackend, w: Tensor, operands: Int8LinearOperands): Float32Array {
  const { kernels } = backend;
  const { m, n, k, x, weights, columns } = operands;
  const padded = Math.ceil(k / 32) * 32;
  return kernels.call((frame) => {
    const px = putRows(frame, asBytes(x), m, k * 4, padded * 4);
    const xq = frame.reserve(m * padded * 2);
    const xd = frame.reserve((m * padded) / 8);
    const pw = padded === k ? backend.ptr(w) : frame.reserve(n * padded);
    if (padded !== k) {
      const codes = codesView(backend, w);
      const view = frame.bytes(pw, n * padded).fill(0);
      for (let r = 0; r < n; r++)
        view.set(new Uint8Array(codes.buffer, codes.byteOffset + r * k, k), r * padded);
    }
    const ps = frame.put(weights.scales);
    const view = frame.floats(px, m * padded);
    for (let i = 0; i < m; i++) {
      for (const c of columns.kept) view[i * padded + c] = 0;
      for (const c of columns.detected) view[i * padded + c] = 0;
    }
    kernels.exports.quantizeRows(px, xq, xd, m, padded);
    const y = frame.reserve(m * n * 4);
    splitColumns(kernels, frame, m, n, m * n * padded, y, (start, count, out) => ({
      fn: 'gemvInt8',
      args: [xq, xd, pw + start * padded, ps + start * 4, out, m, count, padded, 1],
    }));
    return new Float32Array(kernels.copyOut(y, m * n * 4).buffer);
  });
}
/** With and without the kept f32 columns. */
export const int8LinearConfigs: KernelConfig<typeof Int8Linear, WasmBackend>[] = [
  { op: Int8Linear, backend: 'wasm', formats: ['f32', 'int8', 'f32'], fn: int8Linear },
  { op: Int8Linear, backend: 'wasm', formats: ['f32', 'int8', 'f32', 'f32'], fn: int8Linear },
];
