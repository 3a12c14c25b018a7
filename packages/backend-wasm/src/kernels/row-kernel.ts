/**
 * Shared shapes of the f32 row kernels: in place on a copy made inside linear memory (the
 * SIMD kernels), or on a host copy (reference transforms the module does not have).
 */
import type { KernelContext, Tensor } from '@lowbit/core';
import type { WasmBackend } from '../wasm-backend.ts';
import type { WasmKernels } from '../wasm-module.ts';

export type WasmContext = KernelContext<WasmBackend>;

/** A result tensor holding host `values` (copied into linear memory). */
export function floats(
  context: WasmContext,
  values: Float32Array,
  shape: readonly number[],
): Tensor {
  return context.backend.fromHost(context, values, shape);
}

/**
 * A kernel transforming x's rows (the last axis) in place, on a copy of x made inside linear
 * memory: `body` gets the copy's address and the row count.
 */
export function inPlaceRows<A>(
  body: (kernels: WasmKernels, at: number, rows: number, n: number, attrs: A) => void,
) {
  return ([x]: readonly Tensor[], attrs: A, context: WasmContext): Tensor => {
    const { backend } = context;
    const n = x!.shape[x!.rank - 1]!;
    const from = backend.ptr(x!);
    return backend.output(context, x!.shape, (at) => {
      backend.kernels.move(at, from, x!.size * 4);
      body(backend.kernels, at, n === 0 ? 0 : x!.size / n, n, attrs);
    });
  };
}

/**
 * A kernel mapping x's rows to new rows on the host: `transform` reads a host copy of x and
 * returns the result values, copied back into linear memory.
 */
export function rowKernel<A>(
  transform: (input: Float32Array, n: number, attrs: A, context: WasmContext) => Float32Array,
) {
  return ([x]: readonly Tensor[], attrs: A, context: WasmContext): Tensor =>
    floats(
      context,
      transform(context.backend.hostFloats(x!), x!.shape[x!.rank - 1]!, attrs, context),
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
