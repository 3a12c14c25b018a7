/**
 * Grouped-query attention (wgsl/kernels/attention.wgsl) over an f32 or f16 KV cache, read in
 * place through a cache snippet: f16 halves by unpack2x16float, or natively with shader-f16.
 */
import { Attention, type AttentionAttrs, defineKernel, type Tensor } from '@lowbit/core';
import { f32Word } from '../grid.ts';
import type { WebGpuContext } from '../webgpu-backend.ts';
import type { WgslName } from '../wgsl.generated.ts';
import { runF32 } from './f32-kernel.ts';

/** The cache reader for a cache of `format` on this device. */
export function cachePrelude(format: string, f16: boolean): WgslName {
  if (format === 'f32') return 'cache/f32';
  return f16 ? 'cache/f16-native' : 'cache/f16';
}

function attention(
  [q, k, v]: readonly Tensor[],
  attrs: AttentionAttrs,
  context: WebGpuContext,
): Tensor {
  const { backend } = context;
  const { heads, kvHeads, length, causal = true } = attrs;
  const [rows, width] = q!.shape as [number, number];
  const dim = width / heads;
  const out = backend.output(context, [rows, width]);
  if (out.size === 0) return out;
  const positions = backend.scratch(
    causal ? Uint32Array.from(attrs.positions!) : new Uint32Array(1),
  );
  runF32(backend, 'kernels/attention', {
    prelude: cachePrelude(k!.format.name, backend.features.f16),
    count: out.size,
    words: [
      heads,
      kvHeads,
      dim,
      length,
      causal ? 1 : 0,
      f32Word(attrs.scale ?? 1 / Math.sqrt(dim)),
    ],
    buffers: [
      backend.buffer(q!),
      backend.buffer(k!),
      backend.buffer(v!),
      positions,
      backend.buffer(out),
    ],
  });
  return out;
}

export const attentionKernels = ['f32', 'f16'].map((cache) =>
  defineKernel({ op: Attention, backend: 'webgpu', formats: ['f32', cache, cache], fn: attention }),
);
