/**
 * `Format.params`: what a format's bytes mean, as data. Every registered format declares them,
 * and they fully determine decode, so a backend can build its kernels (or a test its reference
 * decoder, packages/formats/src/params-decoder.ts) from them without knowing format names —
 * ggml's `type_traits` idea, with the layout written down instead of compiled in.
 *
 * Scalar kinds describe one code; `block` describes a block of `size` values in `bytes` bytes as
 * named fields (bit runs gathered from the block and read as unsigned integers or as a scalar
 * sub-format) and one expression giving each element's value from them. Arithmetic in the
 * expression rounds to float32 after every operation, as C `float` code does, so a ggml
 * `dequantize_row_*` transcribes one to one.
 */

/**
 * How a minifloat spends its top codes (names as in ONNX / ml_dtypes / OCP MX):
 * - `ieee`   all-ones exponent: ±Inf (mantissa 0) and NaN (otherwise).
 * - `fn`     no Inf; NaN is S.1111…1 (all exponent and mantissa bits set), as E4M3FN.
 * - `fnuz`   no Inf, no −0: NaN is the lone sign bit 1000…0.
 * - `finite` no Inf, no NaN (FP6, FP4): every code is a number.
 * - `e8m0`   unsigned powers of two 2^(E−bias), no zero, code all-ones = NaN (OCP MX scale).
 */
export type MinifloatPolicy = 'ieee' | 'fn' | 'fnuz' | 'finite' | 'e8m0';

/** Sign (except `e8m0`), exponent, mantissa: f32, f16, bf16, fp8/6/4, e8m0. */
export interface MinifloatParams {
  readonly kind: 'minifloat';
  readonly exponentBits: number;
  readonly mantissaBits: number;
  readonly bias: number;
  readonly policy: MinifloatPolicy;
}

/** Two's complement (`signed`) or unsigned integers, value = code. */
export interface IntegerParams {
  readonly kind: 'integer';
  readonly bits: number;
  readonly signed: boolean;
}

/** Code c has value `values[c]`; exactly 2^bits entries (NaN marks an invalid code). */
export interface LutParams {
  readonly kind: 'lut';
  readonly bits: number;
  readonly values: readonly number[];
}

/** Posit⟨bits, es⟩ (Posit Standard 2022): 0…0 is zero, 10…0 is NaR (NaN). */
export interface PositParams {
  readonly kind: 'posit';
  readonly bits: number;
  readonly es: number;
}

export type ScalarParams = MinifloatParams | IntegerParams | LutParams | PositParams;

/**
 * One axis of a bit run's index: the entry index is split in mixed radix over the dims (the
 * last dim varies fastest); each coordinate adds `coordinate × stride` bits to the address.
 * A `digit` dim adds no address: its coordinate picks the base-3 digit of a `radix: 3` slice.
 */
export interface BitDim {
  readonly count: number;
  readonly stride?: number;
  readonly digit?: boolean;
}

/**
 * `width` bits read least significant first from bit address `at` (+ the dims' offsets), where
 * bit a is bit a mod 8 of byte ⌊a/8⌋ of the block (or of the tensor header). They land at
 * `shift` in the entry's code. Without dims, entries follow one another `width` bits apart.
 * `radix: 3`: the 8 bits are five base-3 digits as ggml's tq1_0 packs them; digit n is
 * ((byte · 3^n) mod 256) · 3 >> 8.
 */
export interface BitSlice {
  readonly at: number;
  readonly width: number;
  readonly dims?: readonly BitDim[];
  readonly shift?: number;
  readonly radix?: 2 | 3;
}

/** `count` consecutive entries whose bits are gathered by the same slices. */
export interface FieldPiece {
  readonly count: number;
  readonly slices: readonly BitSlice[];
}

/**
 * A named array of `count` entries in each block (or in the tensor header). An element i of the
 * block reads entry ⌊i · count / size⌋ unless the expression indexes the field explicitly.
 * An entry's code is the unsigned integer its slices gather, or, with `as`, that code read as a
 * scalar format (an f16 scale, an int8 quant, an e8m0 exponent …).
 */
export interface BlockField {
  readonly name: string;
  readonly count: number;
  readonly pieces: readonly FieldPiece[];
  readonly as?: ScalarParams;
}

/**
 * An element's value:
 * - a number; a field name (the element's entry of that field);
 * - `{ field, entry }`: an entry chosen by another expression (a per-block codebook);
 * - `{ table, row, width }`: `tables[table][row · width + i mod width]` (a lattice grid, a sign
 *   pattern, a codebook) for element index i within the block;
 * - `{ op, a, b }`: float32 arithmetic.
 */
export type ValueExpr =
  | number
  | string
  | { readonly field: string; readonly entry: ValueExpr }
  | { readonly table: string; readonly row: ValueExpr; readonly width: number }
  | { readonly op: 'add' | 'sub' | 'mul'; readonly a: ValueExpr; readonly b: ValueExpr };

export interface BlockParams {
  readonly kind: 'block';
  readonly size: number;
  readonly bytes: number;
  /** Bytes before the first block, once per tensor (NVFP4's f32 tensor scale), with its fields. */
  readonly header?: { readonly bytes: number; readonly fields: readonly BlockField[] };
  readonly fields: readonly BlockField[];
  readonly tables?: Readonly<Record<string, ArrayLike<number>>>;
  readonly value: ValueExpr;
}

export type FormatParams = ScalarParams | BlockParams;

/** Storage bits of one code of a scalar format. */
export function scalarBits(params: ScalarParams): number {
  if (params.kind === 'minifloat')
    return params.exponentBits + params.mantissaBits + (params.policy === 'e8m0' ? 0 : 1);
  return params.bits;
}

/** The minifloat params of an IEEE-style float with the given widths. */
export const ieeeParams = (exponentBits: number, mantissaBits: number): MinifloatParams => ({
  kind: 'minifloat',
  exponentBits,
  mantissaBits,
  bias: 2 ** (exponentBits - 1) - 1,
  policy: 'ieee',
});
