/**
 * Seeded test tensors for the tensor lab, drawn with core's xoshiro128** RNG so the page and a
 * test given the same parameters get the same values: normal (Box–Muller), Laplace (inverse CDF),
 * Student-t with 3 degrees of freedom (normal over √(χ²₃/3)), and normal with a few outlier
 * channels (columns) scaled by a chosen magnitude, as LLM activations have (LLM.int8, Dettmers
 * et al. 2022).
 */
import { createRng, type Rng } from '@lowbit/core';
import type { GeneratedSource } from '../protocol.ts';

const STUDENT_DOF = 3;
/** Outlier channels per 64 columns (at least one). */
const OUTLIERS_PER_64 = 1;

function uniform(rng: Rng): number {
  return (rng.nextFloat() + 2 ** -25) % 1 || 2 ** -24;
}

function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(uniform(rng))) * Math.cos(2 * Math.PI * rng.nextFloat());
}

function laplace(rng: Rng): number {
  const u = uniform(rng) - 0.5;
  return (-Math.sign(u) * Math.log(1 - 2 * Math.abs(u))) / Math.SQRT2;
}

function studentT(rng: Rng): number {
  let chi2 = 0;
  for (let k = 0; k < STUDENT_DOF; k++) chi2 += normal(rng) ** 2;
  return normal(rng) / Math.sqrt(chi2 / STUDENT_DOF);
}

export function generateTensor(source: GeneratedSource): Float32Array {
  const { rows, cols, distribution, magnitude } = source;
  const rng = createRng(source.seed);
  const draw = { normal, laplace, 'student-t': studentT, outliers: normal }[distribution];
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < values.length; i++) values[i] = draw(rng);
  if (distribution === 'outliers') {
    const channels = Math.max(1, Math.floor((cols * OUTLIERS_PER_64) / 64));
    for (let c = 0; c < channels; c++) {
      const col = Math.floor(rng.nextFloat() * cols);
      for (let r = 0; r < rows; r++) values[r * cols + col]! *= magnitude;
    }
  }
  return values;
}
