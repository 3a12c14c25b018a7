/**
 * Reference attention over a KV cache with grouped-query heads, in float64 throughout (scores,
 * max-subtracted softmax, weighted sum of v) and rounded to f32 once. The op validated shapes,
 * heads, length and positions; see `Attention` in core's op-names.ts for the definition. An f16
 * KV cache is read directly: only its first `length` rows are decoded, never the whole cache.
 */
import { Attention, type AttentionAttrs, defineKernel, type Tensor } from '@lowbit/core';
import { type CpuContext, floatResult } from '../kernel-helpers.ts';

export function attentionCpu(
  [qt, kt, vt]: readonly Tensor[],
  attrs: AttentionAttrs,
  context: CpuContext,
): Tensor {
  const { heads, kvHeads, length, positions, causal = true } = attrs;
  const [rows, width] = qt!.shape as [number, number];
  const dim = width / heads;
  const kvWidth = dim * kvHeads;
  const group = heads / kvHeads;
  const scale = attrs.scale ?? 1 / Math.sqrt(dim);
  const q = context.backend.floats(qt!);
  const [k, v] = [kt!, vt!].map((t) => cacheRows(t, length * kvWidth, context));
  const out = new Float32Array(rows * width);
  const scores = new Float64Array(length);
  const acc = new Float64Array(dim);
  for (let t = 0; t < rows; t++) {
    const seen = causal ? positions![t]! + 1 : length;
    for (let h = 0; h < heads; h++) {
      const qAt = t * width + h * dim;
      const kvAt = Math.floor(h / group) * dim;
      let top = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < seen; j++) {
        let dot = 0;
        for (let i = 0; i < dim; i++) dot += q[qAt + i]! * k![j * kvWidth + kvAt + i]!;
        scores[j] = dot * scale;
        top = Math.max(top, scores[j]!);
      }
      let sum = 0;
      acc.fill(0);
      for (let j = 0; j < seen; j++) {
        const p = Math.exp(scores[j]! - top);
        sum += p;
        for (let i = 0; i < dim; i++) acc[i] += p * v![j * kvWidth + kvAt + i]!;
      }
      for (let i = 0; i < dim; i++) out[qAt + i] = acc[i]! / sum;
    }
  }
  return floatResult(context, out, [rows, width]);
}

/** The first `count` values of a KV cache: a view of f32 storage, or those values decoded. */
function cacheRows(t: Tensor, count: number, context: CpuContext): Float32Array {
  if (t.format.name === 'f32') return context.backend.floats(t);
  const bytes = context.backend.bytes(t);
  return t.format.decode(bytes.subarray(0, t.format.byteLength(count)), count);
}

/** f32 q over an f32 or an f16 KV cache (writeRows' WRITABLE_FORMATS). */
export const attentionConfigs = ['f32', 'f16'].map((cache) =>
  defineKernel({
    op: Attention,
    backend: 'cpu',
    formats: ['f32', cache, cache],
    fn: attentionCpu,
  }),
);
