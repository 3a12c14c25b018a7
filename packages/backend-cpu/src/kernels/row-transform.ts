/** Shared shape of the transform kernels: copy the f32 rows, transform in place, return them. */
import type { Tensor } from '@lowbit/core';
import { type CpuContext, floatResult } from '../kernel-helpers.ts';

export function rowTransform(transform: (rows: Float32Array, n: number) => void) {
  return ([x]: readonly Tensor[], _attrs: object, context: CpuContext): Tensor => {
    const rows = context.backend.floats(x!).slice();
    transform(rows, x!.shape[x!.rank - 1]!);
    return floatResult(context, rows, x!.shape);
  };
}
