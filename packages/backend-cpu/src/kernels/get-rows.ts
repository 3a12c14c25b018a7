/**
 * Embedding gather from any format: each requested row's byte range is decoded on its own with
 * the format's codec (ggml's get_rows), so a V×D table costs T·D decoded values, not V·D.
 * The op checked that rows start on block boundaries; a tensor-wide header (nvfp4_scaled's scale) is
 * put before each row.
 */
import {
  ANY_FORMAT,
  defineKernel,
  GetRows,
  type GetRowsAttrs,
  rowLayout,
  type Tensor,
} from '@lowbit/core';
import { type CpuContext, floatResult } from '../kernel-helpers.ts';

export function getRowsCpu(
  [table]: readonly Tensor[],
  { indices }: GetRowsAttrs,
  context: CpuContext,
): Tensor {
  const width = table!.shape[1]!;
  const { header, rowBytes } = rowLayout(table!.format, width);
  const bytes = context.backend.bytes(table!);
  const out = new Float32Array(indices.length * width);
  // A row of a format with a tensor-wide header decodes as header ⧺ row.
  const joined = header > 0 ? new Uint8Array(header + rowBytes) : undefined;
  joined?.set(bytes.subarray(0, header));
  for (let t = 0; t < indices.length; t++) {
    const at = header + indices[t]! * rowBytes;
    let row = bytes.subarray(at, at + rowBytes);
    if (joined) {
      joined.set(row, header);
      row = joined;
    }
    out.set(table!.format.decode(row, width), t * width);
  }
  return floatResult(context, out, [indices.length, width]);
}

export const getRowsConfig = defineKernel({
  op: GetRows,
  backend: 'cpu',
  formats: [ANY_FORMAT],
  fn: getRowsCpu,
});
