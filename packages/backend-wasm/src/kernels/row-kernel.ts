/** Shared shape of the f32 row kernels: read the rows, map them to new rows, wrap the result. */
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

/**
 * A kernel mapping x's rows (the last axis) to new rows: `transform` reads `input` (the
 * tensor's storage, not to be modified) and returns the result values.
 */
export function rowKernel<A>(
  transform: (input: Float32Array, n: number, attrs: A, context: WasmContext) => Float32Array,
) {
  return ([x]: readonly Tensor[], attrs: A, context: WasmContext): Tensor =>
    floats(
      context,
      transform(context.backend.floats(x!), x!.shape[x!.rank - 1]!, attrs, context),
      x!.shape,
    );
}

/** Runs an in-place reference transform on a copy of `input`. */
export function onCopy(
  input: Float32Array,
  transform: (rows: Float32Array) => unknown,
): Float32Array {
  const rows = input.slice();
  transform(rows);
  return rows;
}

export const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;
