/**
 * Shorthands for writing block `params` (core's format-params.ts): a field read from one run
 * of bits, an f16 scale at a byte offset, and float32 arithmetic for the value expression.
 * Bit addresses count from bit 0 of the block; `dims` split the entry index (see BitDim).
 */
import {
  type BitDim,
  type BitSlice,
  type BlockField,
  f16,
  type ScalarParams,
  type ValueExpr,
} from '@lowbit/core';

export interface RunOptions {
  dims?: readonly BitDim[];
  as?: ScalarParams;
}

/** `count` entries whose codes each gather the bits of all `slices` (each at its `shift`). */
export function gather(
  name: string,
  count: number,
  slices: readonly BitSlice[],
  as?: ScalarParams,
): BlockField {
  return { name, count, pieces: [{ count, slices }], ...(as ? { as } : {}) };
}

/** `count` entries of `width` bits from bit `at` (one after another unless `dims` say). */
export function run(
  name: string,
  count: number,
  at: number,
  width: number,
  options: RunOptions = {},
): BlockField {
  const slice = options.dims ? { at, width, dims: options.dims } : { at, width };
  return gather(name, count, [slice], options.as);
}

/** One little-endian f16 at byte `byte`, shared by the whole block. */
export const halfAt = (name: string, byte: number): BlockField =>
  run(name, 1, 8 * byte, 16, { as: f16.params });

/** Index dims from [count, stride] bit pairs, the fastest-varying last. */
export const dims = (...pairs: readonly (readonly [number, number])[]): readonly BitDim[] =>
  pairs.map(([count, stride]) => ({ count, stride }));

/** ggml's nibble order for 2·n values in n bytes from byte `byte`: value j low, j+n high. */
export const splitNibbles = (n: number): readonly BitDim[] => [
  { count: 2, stride: 4 },
  { count: n, stride: 8 },
];

export const add = (a: ValueExpr, b: ValueExpr): ValueExpr => ({ op: 'add', a, b });
export const sub = (a: ValueExpr, b: ValueExpr): ValueExpr => ({ op: 'sub', a, b });
export const mul = (a: ValueExpr, b: ValueExpr): ValueExpr => ({ op: 'mul', a, b });
export const lookup = (table: string, row: ValueExpr, width = 1): ValueExpr => ({
  table,
  row,
  width,
});
