/**
 * The format descriptor: what every number format implements, whoever defines it.
 * Consumers (quantizers, kernels, loaders, apps) read formats only through this interface
 * and the registry — see docs/adding-a-format.md.
 */
import type { Rng } from '../rng/xoshiro128.ts';
import type { FormatParams } from './format-params.ts';

/**
 * How a value between two representable neighbours is rounded.
 * - `nearest-even`: IEEE 754 roundTiesToEven (the default everywhere).
 * - `toward-zero`: truncation (IEEE roundTowardZero).
 * - `half-away`: nearest, ties away from zero (C `round`, IEEE roundTiesToAway).
 * - `away-from-zero`: up in magnitude whenever inexact (ONNX E8M0 `round_mode="up"`).
 * - `stochastic`: up with probability equal to the distance from the lower neighbour over the
 *   gap, drawn from the seeded core RNG (same seed → same bytes).
 */
export type RoundingMode =
  | 'nearest-even'
  | 'toward-zero'
  | 'half-away'
  | 'away-from-zero'
  | 'stochastic';

export const roundingModes: readonly RoundingMode[] = [
  'nearest-even',
  'toward-zero',
  'half-away',
  'away-from-zero',
  'stochastic',
];

/**
 * What a finite value beyond the largest finite code becomes, and what ±Inf becomes.
 * - `saturate`: ±max finite (ONNX `saturate=1`).
 * - `special`: the format's own rule — ±Inf where the format has infinities, NaN where it has
 *   only NaN; floats with neither (FP6, FP4) saturate; integers wrap modulo 2^bits (ONNX Cast
 *   semantics: int8 448 → −64), while ±Inf and NaN into an integer still give ±max and 0.
 *   Under `toward-zero` a finite overflow of a float format still gives ±max finite, as
 *   IEEE 754 prescribes. Block formats always saturate.
 *   Wrapping is rarely what a quantizer wants: keep the default `saturate` unless you need
 *   Cast semantics.
 */
export type OverflowMode = 'saturate' | 'special';

/**
 * How a block format picks its shared power-of-two scale from the block's largest magnitude
 * `amax` (emax = exponent of the element format's largest normal):
 * - `floor`: 2^(⌊log2 amax⌋ − emax), the OCP MX v1.0 reference rule;
 * - `ceil`:  2^(⌈log2 amax⌉ − emax);
 * - `even`:  amax's mantissa first rounded to the element's mantissa width, then `floor`;
 * - `rceil`: 2^⌈log2(amax / max element)⌉, never saturating (NVIDIA's RCEIL).
 */
export type ScaleRule = 'floor' | 'ceil' | 'even' | 'rceil';

export const scaleRules: readonly ScaleRule[] = ['floor', 'ceil', 'even', 'rceil'];

export interface EncodeOptions {
  rounding?: RoundingMode;
  /** Block formats with a power-of-two scale only (default `floor`). */
  scaleRule?: ScaleRule;
  overflow?: OverflowMode;
  /** Seed for `stochastic` rounding when no `rng` is given (default 0). */
  seed?: number | bigint;
  /** Continue an existing stream instead of seeding a new one. */
  rng?: Rng;
}

export type FormatFamily =
  | 'ieee-float'
  | 'minifloat'
  | 'scale'
  | 'integer'
  | 'posit'
  | 'lookup-table'
  | 'ternary'
  | 'block';

/** How NaN is encoded, if at all. */
export type NanEncoding =
  /** No NaN code: encoding NaN is an error or a documented substitute. */
  | 'none'
  /** Exactly one NaN code (per sign where noted in the format's docs). */
  | 'single'
  /** IEEE: every code with an all-ones exponent and non-zero mantissa. */
  | 'ieee';

export interface SpecialValues {
  nan: NanEncoding;
  infinity: boolean;
  negativeZero: boolean;
}

/** Numeric facts of a format, as `info(format)` reports them. */
export interface FormatRange {
  /** Largest finite value. */
  max: number;
  /** Smallest finite value (usually −max). */
  min: number;
  /** Smallest positive normal value (equals minSubnormal when there are no subnormals). */
  minNormal: number;
  /** Smallest positive value. */
  minSubnormal: number;
  /** Gap between 1 and the next larger value (NaN where 1 is not representable). */
  epsilon: number;
}

/** A scale stored beside the elements of a block format. */
export interface ScaleLayout {
  /** Registered name of the scale's own format, e.g. `e8m0`, `fp8_e4m3fn`, `f16`. */
  format: string;
  /** Number of elements that share one scale. */
  blockSize: number;
  /** What the scale multiplies: the block's elements, or every block of the tensor. */
  scope: 'block' | 'tensor';
}

export interface BlockLayout {
  /** Elements per block. */
  size: number;
  /** Bytes per block, scales included. */
  bytes: number;
  scales: readonly ScaleLayout[];
}

export interface Format {
  /** Registry key: a lower-case letter, then letters, digits and `_` (e.g. `fp8_e4m3fn`, `q4_K`). */
  readonly name: string;
  /**
   * Older names that still resolve to this format (`getFormat(alias)` returns it); listings show
   * the canonical name once.
   */
  readonly aliases?: readonly string[];
  /**
   * Names files recorded this format under before a rename gave them to another format
   * (`nvfp4_scaled` was `nvfp4`). Readers of such files pick by size: `formatCandidates`.
   */
  readonly formerNames?: readonly string[];
  readonly family: FormatFamily;
  /** One line for tables and docs. */
  readonly summary: string;
  /** Storage bits of one element, scales excluded. */
  readonly bits: number;
  /** Average storage bits per value, scales included (4.5 for q4_0). */
  readonly bitsPerValue: number;
  /** Present for block-scaled formats. */
  readonly block?: BlockLayout;
  readonly range: FormatRange;
  /** What the bytes mean, as data: enough to decode without this format's code (format-params.ts). */
  readonly params: FormatParams;
  readonly special: SpecialValues;
  /**
   * The rounding modes `encode` honours; any other is refused with `E_UNSUPPORTED`. Block
   * formats whose encoder searches scales and codes jointly (ggml's) honour `nearest-even` only.
   */
  readonly roundingModes: readonly RoundingMode[];
  /** Defaults for options the caller leaves out. */
  readonly defaults: Readonly<Required<Pick<EncodeOptions, 'rounding' | 'overflow'>>>;
  /** Bytes needed to store `count` values (partial final byte or block padded). */
  byteLength(count: number): number;
  /** Encodes `values` into a new packed buffer of `byteLength(values.length)` bytes. */
  encode(values: Float32Array, options?: EncodeOptions): Uint8Array;
  /** Decodes `count` values from `bytes` (which must hold at least `byteLength(count)`). */
  decode(bytes: Uint8Array, count: number): Float32Array;
  /**
   * Scalar formats of at most 16 bits: the exact value of every code, indexed by code.
   * NaN codes decode to NaN. Absent for wider or block formats.
   */
  values?(): Float32Array;
}

/** Bytes a format stores once per tensor before its first block (NVFP4's tensor scale), or 0. */
export function tensorHeaderBytes(format: Format): number {
  return format.params.kind === 'block' ? (format.params.header?.bytes ?? 0) : 0;
}

export function isScalarFormat(format: Format): boolean {
  return format.block === undefined;
}
