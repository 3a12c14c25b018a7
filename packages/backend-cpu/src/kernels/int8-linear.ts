/**
 * LLM.int8() on the cpu: the reference for the decomposition in core's `int8Linear` — each
 * input row quantized to int8 over its non-outlier columns (f32 arithmetic, half to even, as
 * the wasm kernel), integer dot products, and the outlier columns in f64.
 */
import { defineKernel, Int8Linear, type Int8LinearAttrs, type Tensor } from '@lowbit/core';
import { type CpuContext, floatResult } from '../kernel-helpers.ts';
import { addInt8Outliers, int8LinearOperands } from '../shared/int8-outliers.ts';

/** Round half to even (the wasm kernel's f32x4.nearest). */
function roundEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Row-wise int8 codes of x with the outlier columns zeroed, and each row's scale a/127. */
function quantizeRows(
  x: Float32Array,
  m: number,
  k: number,
  outliers: Int32Array,
): { codes: Int8Array; scales: Float64Array } {
  const inliers = x.slice();
  for (let i = 0; i < m; i++) for (const c of outliers) inliers[i * k + c] = 0;
  const codes = new Int8Array(m * k);
  const scales = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let amax = 0;
    for (let c = 0; c < k; c++) amax = Math.max(amax, Math.abs(inliers[i * k + c]!));
    const inverse = amax > 0 ? Math.fround(127 / amax) : 0;
    for (let c = 0; c < k; c++)
      codes[i * k + c] = roundEven(Math.fround(inliers[i * k + c]! * inverse));
    scales[i] = Math.fround(amax / 127);
  }
  return { codes, scales };
}

function int8Linear(
  inputs: readonly Tensor[],
  attrs: Int8LinearAttrs,
  context: CpuContext,
): Tensor {
  const operands = int8LinearOperands(inputs, attrs, context.backend);
  const { m, n, k, x, columns } = operands;
  const { codes: q, scales: s } = operands.weights;
  const rows = quantizeRows(x, m, k, Int32Array.of(...columns.kept, ...columns.detected));
  const y = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let c = 0; c < k; c++) dot += rows.codes[i * k + c]! * q[j * k + c]!;
      y[i * n + j] = dot * rows.scales[i]! * s[j]!;
    }
  }
  addInt8Outliers(y, operands);
  return floatResult(context, y, [m, n]);
}

/** With and without the kept f32 columns. */
export const int8LinearConfigs = [
  defineKernel({ op: Int8Linear, backend: 'cpu', formats: ['f32', 'int8', 'f32'], fn: int8Linear }),
  defineKernel({
    op: Int8Linear,
    backend: 'cpu',
    formats: ['f32', 'int8', 'f32', 'f32'],
    fn: int8Linear,
  }),
];
