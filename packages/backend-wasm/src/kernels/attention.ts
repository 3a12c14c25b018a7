/**
 * Attention over a KV cache on wasm (assembly/attention.ts): f32 SIMD dot products, an f32
 * max-subtracted softmax and the weighted sum of v rows, with grouped-query heads and the causal
 * mask from `positions`. The cache is f32, or f16 read in place (only the rows a head sees are
 * widened, in registers; never a decode of the whole cache). With threads, large calls split the
 * query heads over them; each head is computed the same way wherever it runs, so the result is
 * bit-identical to one thread.
 */
import { Attention, type AttentionAttrs, type KernelConfig, type Tensor } from '@lowbit/core';
import type { WasmBackend } from '../wasm-backend.ts';
import { PARALLEL_WORK, partition } from './parallel.ts';
import type { WasmContext } from './row-kernel.ts';

/** The KV cache formats read directly (writeRows' WRITABLE_FORMATS), with their entry point. */
const CACHE_KERNELS = { f32: 'attention', f16: 'attentionF16' } as const;

function attentionConfig(
  cache: keyof typeof CACHE_KERNELS,
): KernelConfig<typeof Attention, WasmBackend> {
  return {
    op: Attention,
    backend: 'wasm',
    formats: ['f32', cache, cache],
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
          const seen = causal ? frame.putInts(positions!) : 0;
          const shape = [rows, heads, kvHeads, dim, length, seen, scale];
          kernels.parallel(
            parts.map(({ start, count }) => ({
              fn: CACHE_KERNELS[cache],
              args: [...operands, out, ...shape, frame.reserve(length * 4), start, count],
            })),
          );
        }),
      );
    },
  };
}

/** f32 q over an f32 or an f16 KV cache. */
export const attentionConfigs = (['f32', 'f16'] as const).map(attentionConfig);
