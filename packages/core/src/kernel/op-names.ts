/**
 * Op names are a contract: kernels register under them, ops dispatch by them. Each op's attrs
 * type lives here too. Third parties add ops by augmenting `OpAttrMap`:
 *
 * ```ts
 * declare module '@lowbit/core' { interface OpAttrMap { 'my-op': { alpha: number } } }
 * ```
 */
import type { EncodeOptions } from '../format/format.ts';

/**
 * C = op(A)·op(B); inputs [a, b], f32. 2-D operands, or batched over a leading dimension:
 * [B, M, K]·[B, K, N] → [B, M, N], a batch of 1 (or a 2-D operand) broadcasting against the
 * other's B. The transposes apply to the last two axes. `matmulDims` resolves the shapes.
 */
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

/**
 * A new shape over the same storage (no copy, no kernel: the engine shares the refcounted
 * storage). Not dispatched; named so that plans and docs can refer to it. Attrs: ReshapeAttrs.
 */
export const Reshape = 'reshape';
/**
 * Embedding gather: inputs [table (V×D, any format, stays packed)]; attrs.indices picks rows;
 * output f32 [T, D] with row t = decode(table[indices[t]]). A block format needs D to be a whole
 * number of blocks (each row starts on a block boundary). Indices are an attr, not a tensor:
 * there is no integer tensor format, and a token id is known on the host anyway.
 */
export const GetRows = 'get-rows';
/**
 * KV-cache append, in place: inputs [dst (R×D, f32 or f16, created `mutable: true`),
 * src (n×D, f32)]; rows offset … offset+n−1 of dst become src (encoded to dst's format). The
 * kernel writes dst's storage and returns dst itself (the same Tensor). IN_PLACE_OPERAND marks
 * dst, so the engine checks it is mutable (E_TENSOR_IMMUTABLE), never decodes it into a copy,
 * and writes the bytes back when the op detours to cpu.
 */
export const WriteRows = 'write-rows';
/**
 * Scaled dot-product attention with grouped-query heads: inputs [q (T×H·Dh), kCache (S×KVH·Dh),
 * vCache (S×KVH·Dh)], all f32; output f32 [T, H·Dh]. Only cache rows 0 … length−1 are read.
 * Query head h uses kv head ⌊h / (H / KVH)⌋. For query row t and cache row j < length:
 * s_j = scale · q_t,h · k_j,kvh, masked out when causal and j > positions[t]; then
 * p = softmax(s) over the unmasked rows (f32, max subtracted) and out_t,h = Σ_j p_j · v_j,kvh.
 */
export const Attention = 'attention';

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

export interface ReshapeAttrs {
  /** The new shape; one dimension may be −1 (inferred from the element count). */
  shape: readonly number[];
}

export interface GetRowsAttrs {
  /** Row numbers in [0, V), one output row each (repeats allowed). */
  indices: ArrayLike<number>;
}

export interface WriteRowsAttrs {
  /** First dst row written. */
  offset: number;
}

export interface AttentionAttrs {
  /** Query heads H: q's last axis is H·Dh. */
  heads: number;
  /** Key/value heads KVH (divides H; H/KVH query heads share each): the caches' axis is KVH·Dh. */
  kvHeads: number;
  /** Valid cache rows: 1 … S. A preallocated cache grows by raising it per token. */
  length: number;
  /**
   * Absolute position of each query row (T values, each < length): with `causal`, row t sees
   * cache rows 0 … positions[t]. Required when causal.
   */
  positions?: ArrayLike<number>;
  /** Mask cache rows after each query's position (default true). */
  causal?: boolean;
  /** Multiplies q·k (default 1/√Dh). */
  scale?: number;
}

/**
 * Ops that write one operand in place, with its index. The engine checks that operand is
 * mutable, never decodes it into a temporary, and bumps its storage version after the kernel.
 */
export const IN_PLACE_OPERAND: ReadonlyMap<string, number> = new Map([[WriteRows, 0]]);

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
  [Reshape]: ReshapeAttrs;
  [GetRows]: GetRowsAttrs;
  [WriteRows]: WriteRowsAttrs;
  [Attention]: AttentionAttrs;
}

export type OpName = keyof OpAttrMap;

/** Attrs of a known op; `object` for ops not declared in OpAttrMap. */
export type OpAttrs<O extends string> = O extends OpName ? OpAttrMap[O] : object;
