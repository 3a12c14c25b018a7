/**
 * Kernel descriptors. A kernel implements one op on one backend for given operand formats;
 * `fn` receives tensors living on that backend and returns tensors living there too.
 * Kernels are synchronous: a backend whose work is asynchronous (a GPU queue) only enqueues it
 * and returns tensors whose storage is filled later; `Backend.download` is what waits.
 */
import type { Backend, DataHandle } from '../backend/backend.ts';
import type { Format } from '../format/format.ts';
import type { Shape } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import type { OpAttrs } from './op-names.ts';

export interface KernelContext<B extends Backend = Backend> {
  /** The backend the kernel runs on (already initialised). */
  backend: B;
  /** Makes a result tensor from storage this backend owns (the engine running the op is its host). */
  wrap(handle: DataHandle, shape: Shape, format: Format): Tensor;
}

export type KernelResult = Tensor | Tensor[];

export type KernelFn<O extends string = string, B extends Backend = Backend> = (
  inputs: readonly Tensor[],
  attrs: OpAttrs<O>,
  context: KernelContext<B>,
) => KernelResult;

/** Matches any operand format in `KernelConfig.formats`. */
export const ANY_FORMAT = '*';

export interface KernelConfig<O extends string = string, B extends Backend = Backend> {
  op: O;
  backend: string;
  /**
   * Operand format per input, `'*'` for any. Omitted: every input must be `f32` — the float
   * kernel that packed operands reach through the decode fallback.
   */
  formats?: readonly string[];
  fn: KernelFn<O, B>;
  /**
   * Packed-weight matmul kernels (linear): what the kernel rounds f32 activations to before the
   * dot products — `q8`, int8 per 32 (ggml's vec_dot_type), or `f32` (none). Conformance picks
   * its reference and tolerance from this; omitted, the backend's default applies.
   */
  activations?: 'q8' | 'f32';
  /** Replace a kernel registered for the same op, backend and formats instead of throwing. */
  override?: boolean;
}

/**
 * A kernel config typed for its op and backend, returned in the registry's erased form so that
 * a backend lists its kernels in one plain array:
 *
 * ```ts
 * export const rmsnormKernel = defineKernel({
 *   op: RmsNorm, // attrs are RmsNormAttrs
 *   backend: 'cpu',
 *   fn: ([x, w], attrs, context: CpuContext) => …, // context.backend is a CpuBackend
 * });
 * ```
 */
export function defineKernel<O extends string, B extends Backend = Backend>(
  config: KernelConfig<O, B>,
): KernelConfig {
  // The engine calls fn only with operands dispatched for `op` on a `B` — the one place the
  // op's attrs and the backend's type are erased.
  return config as unknown as KernelConfig;
}
