/**
 * Embedding gather from any format: each requested row's byte range is decoded on its own with
 * the format's codec (ggml's get_rows), so a V×D table costs T·D decoded values, not V·D.
 * The op checked that rows start on block boundaries.
 */
import { ANY_FORMAT, defineKernel, GetRows, type GetRowsAttrs, type Tensor } from '@lowbit/core';
import { type CpuContext, floatResult } from '../kernel-helpers.ts';

export function getRowsCpu(
  [table]: readonly Tensor[],
  { indices }: GetRowsAttrs,
  context: CpuContext,
): Tensor {
  const width = table!.shape[1]!;
  const rowBytes = table!.format.byteLength(width);
  const bytes = context.backend.bytes(table!);
  const out = new Float32Array(indices.length * width);
  for (let t = 0; t < indices.length; t++) {
    const at = indices[t]! * rowBytes;
    out.set(table!.format.decode(bytes.subarray(at, at + rowBytes), width), t * width);
  }
  return floatResult(context, out, [indices.length, width]);
}

export const getRowsConfig = defineKernel({
  op: GetRows,
  backend: 'cpu',
  formats: [ANY_FORMAT],
  fn: getRowsCpu,
});
