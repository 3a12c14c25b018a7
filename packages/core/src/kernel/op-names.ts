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
/** A linear layer y = x·Wᵀ: inputs [x (M×K, f32), w (N×K, any format — packed weights stay packed)]. */
export const Linear = 'linear';
/** Elementwise a + b with NumPy broadcasting; inputs [a, b]. */
export const Add = 'add';
/** Elementwise a · b with NumPy broadcasting; inputs [a, b]. */
export const Mul = 'mul';
/** f32 tensor → tensor in `attrs.format`; inputs [x]. */
export const Encode = 'encode';
/** Tensor in any format → f32 tensor; inputs [x]. */
export const Decode = 'decode';

/** Walsh–Hadamard transform over the last axis; inputs [x]. */
export const Fwht = 'fwht';
/** Random Hadamard rotation H·D (or H·D2·H·D1) over the last axis; inputs [x]. */
export const RandomHadamard = 'random-hadamard';
/** Orthonormal Hadamard on blocks of 16/32/64/128 along the last axis; inputs [x]. */
export const BlockHadamard = 'block-hadamard';
/** Complex FFT over the last axis; inputs [re, im], outputs [re, im]. */
export const Fft = 'fft';
/** Orthonormal DCT-II (or its inverse DCT-III) over the last axis; inputs [x]. */
export const Dct = 'dct';

export interface FwhtAttrs {
  normalize?: boolean;
  inverse?: boolean;
}

export interface RandomHadamardAttrs {
  seed: number;
  twoBlock?: boolean;
  inverse?: boolean;
}

export interface BlockHadamardAttrs {
  block: 16 | 32 | 64 | 128;
  /** Random signs first (seeded); plain block Hadamard when absent. */
  seed?: number;
  inverse?: boolean;
}

export interface FftAttrs {
  inverse?: boolean;
}

export interface DctAttrs {
  inverse?: boolean;
}

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
  [Linear]: NoAttrs;
  [Add]: NoAttrs;
  [Mul]: NoAttrs;
  [Encode]: EncodeAttrs;
  [Decode]: NoAttrs;
  [Fwht]: FwhtAttrs;
  [RandomHadamard]: RandomHadamardAttrs;
  [BlockHadamard]: BlockHadamardAttrs;
  [Fft]: FftAttrs;
  [Dct]: DctAttrs;
}

export type OpName = keyof OpAttrMap;

/** Attrs of a known op; `object` for ops not declared in OpAttrMap. */
export type OpAttrs<O extends string> = O extends OpName ? OpAttrMap[O] : object;
