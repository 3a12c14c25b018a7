/**
 * y = x·Wᵀ for f32 operands: the [N, K] path of the blocked matmul. With a third input
 * `scales` [N, G], W's groups are scaled first (scalar int weights reach here decoded).
 */
import { Linear, linearGroups, matmulShape, type Tensor } from '@lowbit/core';
import { type CpuContext, type CpuKernelConfig, floatResult } from '../kernel-helpers.ts';
import { matmulNK } from './matmul.ts';

/** W [n, k] with row j's group g multiplied by scales[j·groups + g]. */
export function applyGroupScales(
  w: Float32Array,
  scales: Float32Array,
  k: number,
  group: number,
): Float32Array {
  const out = new Float32Array(w.length);
  const groups = k / group;
  for (let i = 0; i < w.length; i++) {
    const row = Math.floor(i / k);
    out[i] = w[i]! * scales[row * groups + Math.floor((i % k) / group)]!;
  }
  return out;
}

export const linearConfig: CpuKernelConfig<typeof Linear> = {
  op: Linear,
  backend: 'cpu',
  fn([x, w, scales]: readonly Tensor[], _attrs: object, context: CpuContext): Tensor {
    const [m, n] = matmulShape(x!.shape, w!.shape, false, true);
    const k = x!.shape[1]!;
    let weights = context.backend.floats(w!);
    if (scales) {
      const group = linearGroups(w!.shape, scales.shape);
      weights = applyGroupScales(weights, context.backend.floats(scales), k, group);
    }
    return floatResult(context, matmulNK(context.backend.floats(x!), weights, m, k, n), [m, n]);
  },
};
