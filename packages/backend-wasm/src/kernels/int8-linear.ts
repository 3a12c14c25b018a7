/**
 * LLM.int8() on wasm: the outlier columns are found and zeroed on the host, the inlier rows
 * quantized vector-wise (assembly `quantizeRows`) and multiplied by the int8 weight with the
 * fused int8 GEMV; the few outlier columns are then added in f64 (core's addInt8Outliers).
 * K is padded with zeros to a multiple of 32 where needed.
 */
import {
  addInt8Outliers,
  Int8Linear,
  type Int8LinearAttrs,
  int8OutlierColumns,
  type KernelConfig,
  matmulShape,
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

function int8Linear(
  [x, w, scales, kept]: readonly Tensor[],
  attrs: Int8LinearAttrs,
  context: WasmContext,
): Tensor {
  const [m, n] = matmulShape(x!.shape, w!.shape, false, true);
  const k = x!.shape[1]!;
  const { backend } = context;
  const xs = backend.floats(x!);
  const packed = backend.bytes(w!);
  const q = new Int8Array(packed.buffer, packed.byteOffset, packed.byteLength);
  const s = backend.floats(scales!);
  const columns = int8OutlierColumns(xs, m, k, attrs);
  const padded = Math.ceil(k / 32) * 32;
  let y: Float32Array = new Float32Array(m * n);
  if (m * n > 0 && k > 0) {
    const resident = padded === k ? backend.kernels.place(packed) : undefined;
    const frame = backend.kernels.frame();
    const px = putRows(frame, asBytes(xs), m, k * 4, padded * 4);
    const xq = frame.reserve(m * padded * 2);
    const xd = frame.reserve((m * padded) / 8);
    const pw = resident ?? putRows(frame, packed, n, k, padded);
    const ps = frame.put(s);
    const inliers = frame.floats(px, m * padded);
    for (let i = 0; i < m; i++) {
      for (const c of columns.kept) inliers[i * padded + c] = 0;
      for (const c of columns.detected) inliers[i * padded + c] = 0;
    }
    const { kernels } = backend;
    kernels.exports.quantizeRows(px, xq, xd, m, padded);
    y = splitColumns(kernels, frame, m, n, m * n * padded, (start, count, out) => ({
      fn: 'gemvInt8',
      args: [xq, xd, pw + start * padded, ps + start * 4, out, m, count, padded, 1],
    }));
  }
  addInt8Outliers(y, xs, [m, k, n], columns, {
    codes: q,
    scales: s,
    kept: kept && backend.floats(kept),
  });
  return floats(context, y, [m, n]);
}

/** With and without the kept f32 columns. */
export const int8LinearConfigs: KernelConfig<typeof Int8Linear, WasmBackend>[] = [
  { op: Int8Linear, backend: 'wasm', formats: ['f32', 'int8', 'f32'], fn: int8Linear },
  { op: Int8Linear, backend: 'wasm', formats: ['f32', 'int8', 'f32', 'f32'], fn: int8Linear },
];
