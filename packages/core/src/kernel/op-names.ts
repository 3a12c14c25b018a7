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
/**
 * A linear layer y = x·Wᵀ: inputs [x (M×K, f32), w (N×K, any format — packed weights stay
 * packed)], optionally a third input `scales` (N×G, f32): W's row j, group g of K/G values is
 * multiplied by scales[j][g] (G = 1: per channel) — how scalar int8/int4 weights carry scales.
 */
export const Linear = 'linear';
/**
 * LLM.int8() linear layer: inputs [x (M×K, f32), w (N×K, int8), scales (N×1, f32)] and, when
 * `attrs.columns` is non-empty, [outliers (N×C, f32)] — W's columns kept in f32. See
 * `int8Linear` for the decomposition.
 */
export const Int8Linear = 'int8-linear';
/** Elementwise a + b with NumPy broadcasting; inputs [a, b]. */
export const Add = 'add';
/** Elementwise a · b with NumPy broadcasting; inputs [a, b]. */
export const Mul = 'mul';
/** f32 tensor → tensor in `attrs.format`; inputs [x]. */
export const Encode = 'encode';
/** Tensor in any format → f32 tensor; inputs [x]. */
export const Decode = 'decode';

/** RMSNorm over the last axis: x / √(mean(x²) + eps) · weight; inputs [x, weight (n)]. */
export const RmsNorm = 'rmsnorm';
/** Softmax over the last axis; inputs [x]. */
export const Softmax = 'softmax';
/** Rotary position embedding over rows of heads; inputs [x (rows × heads·headDim)]. */
export const Rope = 'rope';
/** silu(gate) · up elementwise (SwiGLU); inputs [gate, up], or [gate] for silu alone. */
export const SwiGlu = 'swiglu';

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

export interface RmsNormAttrs {
  /** Added to the mean square (default 1e-5). */
  eps?: number;
}

export interface RopeAttrs {
  /** Values per head (the last axis holds heads × headDim). */
  headDim: number;
  /** Position of the first row; row r sits at offset + r (default 0). */
  offset?: number;
  /** Frequency base θ (default 10000). */
  theta?: number;
  /** `interleaved` rotates pairs (2i, 2i+1) as llama2.c and ggml's default; `neox` (i, i + d/2). */
  style?: 'interleaved' | 'neox';
}

export interface Int8LinearAttrs {
  /** Input columns whose weights are kept in f32 (the `outliers` input, in this order). */
  columns?: readonly number[];
  /**
   * Activation columns holding any |x| ≥ threshold also take the f32 path, with W's int8
   * values dequantized (default 6, as LLM.int8(); Infinity turns detection off).
   */
  threshold?: number;
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
  [Int8Linear]: Int8LinearAttrs;
  [Add]: NoAttrs;
  [Mul]: NoAttrs;
  [Encode]: EncodeAttrs;
  [Decode]: NoAttrs;
  [RmsNorm]: RmsNormAttrs;
  [Softmax]: NoAttrs;
  [Rope]: RopeAttrs;
  [SwiGlu]: NoAttrs;
  [Fwht]: FwhtAttrs;
  [RandomHadamard]: RandomHadamardAttrs;
  [BlockHadamard]: BlockHadamardAttrs;
  [Fft]: FftAttrs;
  [Dct]: DctAttrs;
}

export type OpName = keyof OpAttrMap;

/** Attrs of a known op; `object` for ops not declared in OpAttrMap. */
export type OpAttrs<O extends string> = O extends OpName ? OpAttrMap[O] : object;
