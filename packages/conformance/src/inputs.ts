/**
 * Operand values from core's seeded RNG (xoshiro128**), so every backend sees the same inputs
 * run after run. The suite reads no files: it must run in a browser beside a GPU backend.
 */
import { createRng, type Shape, sizeOf } from '@lowbit/core';
import type { Operand } from './case.ts';

/** Uniform values in [−scale, scale). */
export function uniform(count: number, seed: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: count }, () => (rng.nextFloat() * 2 - 1) * scale);
}

/** Integers in [lo, hi] (as floats), e.g. int8 weight codes. */
export function integers(count: number, seed: number, lo: number, hi: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: count }, () => lo + (rng.nextU32() % (hi - lo + 1)));
}

/** Packed bytes for formats without an encoder (decode-only ggml i-quants). */
export function randomBytes(count: number, seed: number): Uint8Array {
  const rng = createRng(seed);
  return Uint8Array.from({ length: count }, () => rng.nextU32() & 0xff);
}

/** An operand of `shape` holding uniform values in [−scale, scale), encoded to `format`. */
export function operand(format: string, shape: Shape, seed: number, scale = 1): Operand {
  return { format, shape, values: uniform(sizeOf(shape), seed, scale) };
}

/** Values every codec must get right: signed zeros, infinities, NaN, ties, tiny and huge. */
export const EDGE_VALUES = Float32Array.of(
  0,
  -0,
  1,
  -1,
  0.5,
  1.5,
  2.5,
  -2.5,
  1e-8,
  -3e-39,
  65504,
  70000,
  -1e30,
  3.4e38,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
);
