/** What every cpu kernel needs: typed views of its inputs and a way to return floats. */
import { f32, type KernelConfig, type KernelContext, type Shape, type Tensor } from '@lowbit/core';
import type { CpuBackend } from './cpu-backend.ts';

export type CpuContext = KernelContext<CpuBackend>;
export type CpuKernelConfig<O extends string> = KernelConfig<O, CpuBackend>;

/** An f32 cpu tensor that owns `values`. */
export function floatResult(context: CpuContext, values: Float32Array, shape: Shape): Tensor {
  return context.wrap(
    new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
    shape,
    f32,
  );
}
