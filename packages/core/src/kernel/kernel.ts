/**
 * Kernel descriptors. A kernel implements one op on one backend for given operand formats;
 * `fn` receives tensors living on that backend and returns tensors living there too.
 */
import type { Backend, DataHandle } from '../backend/backend.ts';
import type { Format } from '../format/format.ts';
import type { Shape } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import type { OpAttrs, OpName } from './op-names.ts';

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
) => KernelResult | Promise<KernelResult>;

/** Matches any operand format in `KernelConfig.formats`. */
export const ANY_FORMAT = '*';

export interface KernelConfig<O extends string = string, B extends Backend = Backend> {
  op: O extends OpName ? O : string;
  backend: string;
  /**
   * Operand format per input, `'*'` for any. Omitted: every input must be `f32` — the float
   * kernel that packed operands reach through the decode fallback.
   */
  formats?: readonly string[];
  fn: KernelFn<O, B>;
  /** Replace a kernel registered for the same op, backend and formats instead of throwing. */
  override?: boolean;
}
