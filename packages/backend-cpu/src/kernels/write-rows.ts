/**
 * KV-cache append in place: src's f32 rows encoded to dst's format (f32 or f16) and written at
 * row `offset` of dst's own bytes. Returns dst itself; the engine checked it is mutable.
 */
import { defineKernel, type Tensor, WriteRows, type WriteRowsAttrs } from '@lowbit/core';
import type { CpuContext } from '../kernel-helpers.ts';

function writeRowsCpu(
  [dst, src]: readonly Tensor[],
  { offset }: WriteRowsAttrs,
  context: CpuContext,
): Tensor {
  const rowBytes = dst!.format.byteLength(dst!.shape[1]!);
  const encoded = dst!.format.encode(context.backend.floats(src!));
  context.backend.bytes(dst!).set(encoded, offset * rowBytes);
  return dst!;
}

/** dst f32 or f16 (WRITABLE_FORMATS); a packed src reaches these through the decode fallback. */
export const writeRowsConfigs = ['f32', 'f16'].map((format) =>
  defineKernel({ op: WriteRows, backend: 'cpu', formats: [format, 'f32'], fn: writeRowsCpu }),
);
