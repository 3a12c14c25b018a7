/**
 * y = x·Wᵀ for f32 operands: the [N, K] path of the blocked matmul. With a third input
 * `scales` [N, G], W's groups are scaled first (scalar int weights reach here decoded).
 */
import { defineKernel, Linear, linearGroups, matmulShape, type Tensor } from '@lowbit/core';
import { type CpuContext, floatResult } from '../kernel-helpers.ts';
import { applyGroupScales } from '../shared/group-scales.ts';
import { matmulNK } from './matmul.ts';

export const linearConfig = defineKernel({
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
});
