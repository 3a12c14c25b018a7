/**
 * Attention over a KV cache on wasm (assembly/attention.ts): f32 SIMD dot products, an f32
 * max-subtracted softmax and the weighted sum of v rows, with grouped-query heads and the causal
 * mask from `positions`. With threads, large calls split the query heads over them; each head is
 * computed the same way wherever it runs, so the result is bit-identical to one thread.
 */
import { Attention, type AttentionAttrs, type KernelConfig, type Tensor } from '@lowbit/core';
import type { WasmBackend } from '../wasm-backend.ts';
import { PARALLEL_WORK, partition } from './parallel.ts';
import type { WasmContext } from './row-kernel.ts';

export const attentionConfig: KernelConfig<typeof Attention, WasmBackend> = {
  op: Attention,
  backend: 'wasm',
  fn([q, k, v]: readonly Tensor[], attrs: AttentionAttrs, context: WasmContext): Tensor {
    const { heads, kvHeads, length, positions, causal = true } = attrs;
    const { backend } = context;
    const { kernels } = backend;
    const [rows, width] = q!.shape as [number, number];
    const dim = width / heads;
    const scale = attrs.scale ?? 1 / Math.sqrt(dim);
    const operands = [backend.ptr(q!), backend.ptr(k!), backend.ptr(v!)];
    // Multiply-adds: q·k and p·v over every seen cache row.
    const work = 2 * rows * heads * length * dim;
    const parts = partition(heads, work >= PARALLEL_WORK ? kernels.threads : 1, 1);
    return backend.output(context, [rows, width], (out) =>
      kernels.call((frame) => {
        const seen = causal ? frame.put(Int32Array.from(positions!)) : 0;
        const shape = [rows, heads, kvHeads, dim, length, seen, scale];
        kernels.parallel(
          parts.map(({ start, count }) => ({
            fn: 'attention',
            args: [...operands, out, ...shape, frame.reserve(length * 4), start, count],
          })),
        );
      }),
    );
  },
};
