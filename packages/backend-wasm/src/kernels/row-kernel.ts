/** Shared shape of the f32 row kernels: copy the rows, work on them, wrap the result. */
import { f32, type KernelContext, type Tensor } from '@lowbit/core';
import type { WasmBackend } from '../wasm-backend.ts';

export type WasmContext = KernelContext<WasmBackend>;

/** A result tensor owning `values`. */
export function floats(
  context: WasmContext,
  values: Float32Array,
  shape: readonly number[],
): Tensor {
  return context.wrap(
    new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
    shape,
    f32,
  );
}

/** A kernel that transforms a copy of x's rows in place (rows of the last axis). */
export function rowKernel<A>(
  transform: (rows: Float32Array, n: number, attrs: A, context: WasmContext) => void,
) {
  return ([x]: readonly Tensor[], attrs: A, context: WasmContext): Tensor => {
    const rows = context.backend.floats(x!).slice();
    transform(rows, x!.shape[x!.rank - 1]!, attrs, context);
    return floats(context, rows, x!.shape);
  };
}

export const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;
