/**
 * What a conformance case is: data (op, attrs, operands with formats, shapes and values, a
 * tolerance with its reason), never code that computes its own expectation — the expected
 * values come from the cpu kernels, or from a named reference (`reference`) where the backend
 * is meant to differ from cpu in a documented way (q8 activations in fused GEMVs).
 */
import type { EncodeOptions, Shape, Tensor } from '@lowbit/core';

/** One input of an op: f32 `values` encoded to `format` on the host, or packed `bytes` as is. */
export interface Operand {
  format: string;
  shape: Shape;
  values?: Float32Array;
  bytes?: Uint8Array;
  encode?: EncodeOptions;
  /** Created `mutable: true` (the destination of an in-place op such as write-rows). */
  mutable?: boolean;
}

/**
 * How far a result may be from the expected one:
 * - `exact`: bit-identical floats (any two NaNs equal), or identical bytes for packed outputs;
 * - `relative`: max |got − want| / max |want| (want's ∞-norm, 1 if it is all zero) ≤ bound.
 */
export type Tolerance =
  | { kind: 'exact'; reason: string }
  | { kind: 'relative'; bound: number; reason: string };

/** A case's expected outputs, computed on the host from its operands (already packed). */
export type Reference = (operands: readonly HostOperand[], attrs: object) => Float32Array[];

export interface HostOperand {
  format: string;
  shape: Shape;
  bytes: Uint8Array;
  /** The operand decoded to f32 by the cpu decode kernel. */
  values: Float32Array;
}

export interface ConformanceCase {
  /** Unique, readable: op, formats, shapes and what the case is for. */
  id: string;
  op: string;
  attrs: object;
  operands: Operand[];
  tolerance: Tolerance;
  /** Compare packed bytes instead of decoded values (encode). */
  compareBytes?: boolean;
  /** Expected values from this host reference instead of the cpu kernels. */
  reference?: Reference;
  /** `reference`'s name for reports (e.g. `q8-activation GEMV`). */
  referenceName?: string;
}

/** A call that must fail with one of `codes` (bad shape, format, disposed operand). */
export interface BadInputCase {
  id: string;
  op: string;
  codes: readonly string[];
  operands: Operand[];
  attrs: object;
  /** Dispose this operand before the call. */
  dispose?: number;
}

/** The kernels a backend registered for one op, with `'*'` already expanded. */
export interface Signature {
  op: string;
  /** Operand formats; `undefined` is the all-f32 float kernel (KernelConfig without formats). */
  formats: readonly string[] | undefined;
  /**
   * `decode-fallback`: packed operands reach the backend's f32 kernel through its own decode
   * kernel (no kernel is registered for these formats). `cpu-fallback`: the backend has no
   * kernel for the op at all, so the engine runs cpu's (copying operands there and back) — the
   * route users get until the backend adds one, checked like any other.
   */
  path?: 'kernel' | 'decode-fallback' | 'cpu-fallback';
  /** The kernel's declared activation rounding (KernelConfig.activations). */
  activations?: 'q8' | 'f32';
}

/** What a family may ask about the engine under test while generating cases. */
export interface CaseContext {
  /** Registered formats whose host codec can encode. */
  encodable: readonly string[];
  /**
   * How the backend's fused quantized GEMVs treat activations: `q8` (ggml's int8 per 32,
   * the default) or `f32` (compared with the decoded weights at f32 accuracy instead).
   */
  activations: 'q8' | 'f32';
  /** Whether the backend has its own kernel for exactly (op, formats). */
  hasExact(op: string, formats: readonly string[]): boolean;
}

/** Cases of one op family: one file per family under src/cases/. */
export interface OpFamily {
  ops: readonly string[];
  /** Cases for one registered signature; [] means the signature is uncovered. */
  cases(signature: Signature, context: CaseContext): ConformanceCase[];
  /** Cases that must fail with a coded LowbitError. */
  badInput(op: string): BadInputCase[];
  /**
   * Index of the operand that may be packed for an f32 kernel (the decode-fallback path:
   * decode on the backend, then its float kernel); absent when the op takes f32 only.
   */
  fallbackOperand?(op: string): number | undefined;
  /** Calls the op (through core's op function, so its argument checks run too). */
  invoke(op: string, inputs: readonly Tensor[], attrs: object): Tensor | Tensor[];
}
