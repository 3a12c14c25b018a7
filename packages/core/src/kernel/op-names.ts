/**
 * Op names are a contract: kernels register under them, ops dispatch by them. Each op's attrs
 * type lives here too. Third parties add ops by augmenting `OpAttrMap`:
 *
 * ```ts
 * declare module '@lowbit/core' { interface OpAttrMap { 'my-op': { alpha: number } } }
 * ```
 */
import type { EncodeOptions } from '../format/format.ts';

/** C = A·B for 2-D f32 operands; inputs [a, b]. */
export const MatMul = 'matmul';
/** Elementwise a + b with NumPy broadcasting; inputs [a, b]. */
export const Add = 'add';
/** Elementwise a · b with NumPy broadcasting; inputs [a, b]. */
export const Mul = 'mul';
/** f32 tensor → tensor in `attrs.format`; inputs [x]. */
export const Encode = 'encode';
/** Tensor in any format → f32 tensor; inputs [x]. */
export const Decode = 'decode';

export interface MatMulAttrs {
  /** Use Aᵀ (A stored [K, M]). */
  transposeA?: boolean;
  /** Use Bᵀ (B stored [N, K], the layout of a linear layer's weight). */
  transposeB?: boolean;
}

export interface EncodeAttrs extends EncodeOptions {
  /** Registered name of the target format. */
  format: string;
}

// biome-ignore lint/complexity/noBannedTypes: an op without attrs takes an empty object.
type NoAttrs = {};

export interface OpAttrMap {
  [MatMul]: MatMulAttrs;
  [Add]: NoAttrs;
  [Mul]: NoAttrs;
  [Encode]: EncodeAttrs;
  [Decode]: NoAttrs;
}

export type OpName = keyof OpAttrMap;

/** Attrs of a known op; `object` for ops not declared in OpAttrMap. */
export type OpAttrs<O extends string> = O extends OpName ? OpAttrMap[O] : object;
