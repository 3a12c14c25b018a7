/** y = x·Wᵀ for f32 operands: the [N, K] path of the blocked matmul. */
import { Linear, matmulShape, type Tensor } from '@lowbit/core';
import { type CpuContext, type CpuKernelConfig, floatResult } from '../kernel-helpers.ts';
import { matmulNK } from './matmul.ts';

export const linearConfig: CpuKernelConfig<typeof Linear> = {
  op: Linear,
  backend: 'cpu',
  fn([x, w]: readonly Tensor[], _attrs: object, context: CpuContext): Tensor {
    const [m, n] = matmulShape(x!.shape, w!.shape, false, true);
    const k = x!.shape[1]!;
    return floatResult(
      context,
      matmulNK(context.backend.floats(x!), context.backend.floats(w!), m, k, n),
      [m, n],
    );
  },
};
