/**
 * Randomised Hadamard rotations (QuaRot, SpinQuant, NVFP4 training's RHT): orthonormal H
 * after a seeded random ±1 diagonal D, x ← H·D·x / √n. The two-block variant applies
 * H·D2·H·D1 (two independent diagonals), and the block-diagonal variant rotates each block of
 * `block` ∈ {16, 32, 64, 128} values independently (matching NVFP4 / MX block sizes).
 * Signs come from the core RNG (xoshiro128**), one bit per sign, so a seed reproduces the same
 * rotation on every platform. Every transform has an exact inverse here.
 */
import { createRng, ErrorCode, LowbitError } from '@lowbit/core';
import { type FloatArray, fwht, ifwht } from './fwht.ts';

/** n random signs (±1) from `seed`. */
export function randomSigns(n: number, seed: number | bigint): Int8Array {
  const rng = createRng(seed);
  const signs = new Int8Array(n);
  let bits = 0;
  for (let i = 0; i < n; i++) {
    if (i % 32 === 0) bits = rng.nextU32();
    signs[i] = (bits >>> (i % 32)) & 1 ? -1 : 1;
  }
  return signs;
}

function applySigns(data: FloatArray, n: number, signs: Int8Array): void {
  for (let i = 0; i < data.length; i++) if (signs[i % n] === -1) data[i] = -data[i]!;
}

export interface RandomHadamardOptions {
  seed: number | bigint;
  /** H·D2·H·D1 instead of H·D (default false). */
  twoBlock?: boolean;
}

/** x ← (H/√n)·D·x for each row (or H·D2·H·D1 with `twoBlock`). */
export function randomHadamard(
  data: FloatArray,
  n: number,
  options: RandomHadamardOptions,
): FloatArray {
  const d1 = randomSigns(n, options.seed);
  applySigns(data, n, d1);
  fwht(data, n, { normalize: true });
  if (options.twoBlock) {
    applySigns(data, n, randomSigns(n, BigInt(options.seed) ^ 0x9e3779b97f4a7c15n));
    fwht(data, n, { normalize: true });
  }
  return data;
}

/** Exact inverse of randomHadamard with the same options. */
export function inverseRandomHadamard(
  data: FloatArray,
  n: number,
  options: RandomHadamardOptions,
): FloatArray {
  if (options.twoBlock) {
    ifwht(data, n, { normalize: true });
    applySigns(data, n, randomSigns(n, BigInt(options.seed) ^ 0x9e3779b97f4a7c15n));
  }
  ifwht(data, n, { normalize: true });
  applySigns(data, n, randomSigns(n, options.seed));
  return data;
}

export const BLOCK_HADAMARD_SIZES = [16, 32, 64, 128] as const;

/** Orthonormal Hadamard on every `block` consecutive values, after optional random signs. */
export function blockHadamard(data: FloatArray, block: number, seed?: number | bigint): FloatArray {
  if (!BLOCK_HADAMARD_SIZES.includes(block as 16)) {
    throw new LowbitError(
      ErrorCode.Argument,
      `Block Hadamard sizes are ${BLOCK_HADAMARD_SIZES.join(', ')}; got ${block}.`,
    );
  }
  if (seed !== undefined) applySigns(data, block, randomSigns(block, seed));
  return fwht(data, block, { normalize: true });
}

export function inverseBlockHadamard(
  data: FloatArray,
  block: number,
  seed?: number | bigint,
): FloatArray {
  fwht(data, block, { normalize: true });
  if (seed !== undefined) applySigns(data, block, randomSigns(block, seed));
  return data;
}
