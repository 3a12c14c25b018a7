/**
 * A linear's online input rotation: the seeded random Hadamard (H/√n)·D of @lowbit/transforms,
 * run by the engine's `random-hadamard` op, with W stored rotated so that y = (xR)(WR)ᵀ = x·Wᵀ.
 */
import { randomHadamard as rotateOnline, type Tensor } from '@lowbit/core';
import type { LinearWeight } from './llama-weights.ts';

/** Adds the rotation of `seed` after the linear's input transform (if any). */
export function rotateInput(linear: LinearWeight, seed: number): void {
  const prev = linear.input;
  // Only a lone rotation can be described (and so written to a file).
  if (prev) delete linear.rotation;
  else linear.rotation = { seed };
  linear.input = (x: Tensor): Tensor => rotateOnline(prev ? prev(x) : x, { seed });
}
