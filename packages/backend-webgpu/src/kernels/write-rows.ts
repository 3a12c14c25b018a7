/**
 * writeRows into a KV cache, in place, in queue order with the kernels (so later attention
 * reads the new rows): an f32 cache by a buffer copy, an f16 cache by the encode kernel at the
 * rows' offset, keeping the neighbouring halves of shared words — the f16 codec's bits exactly.
 */
import { defineKernel, type Tensor, WriteRows, type WriteRowsAttrs } from '@lowbit/core';
import type { WebGpuContext } from '../webgpu-backend.ts';
import { recordEncode } from './encode.ts';

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

export const writeRowsF16Kernel = defineKernel({
  op: WriteRows,
  backend: 'webgpu',
  formats: ['f16', 'f32'],
  fn([dst, src]: readonly Tensor[], attrs: WriteRowsAttrs, context: WebGpuContext): Tensor {
    const { backend } = context;
    const dim = dst!.shape[dst!.rank - 1]!;
    if (src!.size === 0) return dst!;
    recordEncode(backend, dst!.format, {}, backend.buffer(src!), backend.buffer(dst!), {
      values: src!.size,
      start: attrs.offset * dim,
      keep: true,
    });
    return dst!;
  },
});
