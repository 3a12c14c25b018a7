/**
 * writeRows into an f32 cache, in place: a buffer copy recorded in queue order with the
 * kernels, so later attention reads the new rows. (f16 caches need an encode kernel: not yet.)
 */
import { defineKernel, type Tensor, WriteRows, type WriteRowsAttrs } from '@lowbit/core';
import type { WebGpuContext } from '../webgpu-backend.ts';

export const writeRowsKernel = defineKernel({
  op: WriteRows,
  backend: 'webgpu',
  formats: ['f32', 'f32'],
  fn([dst, src]: readonly Tensor[], attrs: WriteRowsAttrs, context: WebGpuContext): Tensor {
    const { backend } = context;
    const dim = dst!.shape[dst!.rank - 1]!;
    const bytes = src!.size * 4;
    if (bytes > 0)
      backend.copy(backend.buffer(src!), 0, backend.buffer(dst!), attrs.offset * dim * 4, bytes);
    return dst!;
  },
});
