/** Grouped-query attention over an f32 KV cache (wgsl/kernels/attention.wgsl). */
import { Attention, type AttentionAttrs, defineKernel, type Tensor } from '@lowbit/core';
import { f32Word } from '../grid.ts';
import type { WebGpuContext } from '../webgpu-backend.ts';
import { runF32 } from './f32-kernel.ts';

export const attentionKernel = defineKernel({
  op: Attention,
  backend: 'webgpu',
  formats: ['f32', 'f32', 'f32'],
  fn([q, k, v]: readonly Tensor[], attrs: AttentionAttrs, context: WebGpuContext): Tensor {
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
  },
});
