import { createRng } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { hadamardDense } from '../hadamard/fwht.ts';
import { fuseRotation } from './fuse-rotation.ts';
import { covariance, kltRotation, symmetricEigen } from './klt.ts';
import {
  isOrthogonal,
  type Matrix,
  matrix,
  multiply,
  orthogonalityError,
  transpose,
} from './matrix.ts';
import { applySmoothing, channelMax, smoothingScales } from './smooth-quant.ts';

const randomMatrix = (rows: number, cols: number, seed: number): Matrix => {
  const rng = createRng(seed);
  return matrix(
    rows,
    cols,
    Array.from({ length: rows * cols }, () => rng.nextFloat() * 2 - 1),
  );
};

function relativeError(a: Matrix, b: Matrix): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.data.length; i++) {
    num += (a.data[i]! - b.data[i]!) ** 2;
    den += b.data[i]! ** 2;
  }
  return Math.sqrt(num / den);
}

describe('model rotations', () => {
  const d = 64;
  const wa = randomMatrix(d, 32, 1); // producer: 32 → 64
  const wb = randomMatrix(16, d, 2); // consumer: 64 → 16
  const x = randomMatrix(32, 8, 3); // 8 input vectors as columns

  it('fusing an orthogonal Q into a layer pair leaves outputs unchanged (1e-5 relative)', () => {
    const h = hadamardDense(d).map((v) => v / Math.sqrt(d));
    const q = matrix(d, d, h);
    expect(isOrthogonal(q, 1e-12)).toBe(true);
    const fused = fuseRotation(wa, wb, q);
    const before = multiply(wb, multiply(wa, x));
    const after = multiply(fused.consumer, multiply(fused.producer, x));
    expect(relativeError(after, before)).toBeLessThan(1e-5);
    expect(relativeError(fused.consumer, wb)).toBeGreaterThan(0.1);
  });

  it('refuses a non-orthogonal Q and mismatched shapes', () => {
    expect(() => fuseRotation(wa, wb, randomMatrix(d, d, 4))).toThrow(
      expect.objectContaining({ code: 'E_ARGUMENT' }),
    );
    expect(() => fuseRotation(wa, wb, matrix(3, 3, [1, 0, 0, 0, 1, 0, 0, 0, 1]))).toThrow(
      expect.objectContaining({ code: 'E_SHAPE' }),
    );
  });

  it('SmoothQuant scales leave X·Wᵀ unchanged and flatten activation outliers', () => {
    const acts = randomMatrix(20, 16, 5);
    for (let i = 0; i < 20; i++) acts.data[i * 16 + 3]! *= 50; // an outlier channel
    const w = randomMatrix(8, 16, 6);
    const scales = smoothingScales(channelMax(acts), w, 0.5);
    const smoothed = applySmoothing(acts, w, scales);
    const before = multiply(acts, transpose(w));
    const after = multiply(smoothed.x, transpose(smoothed.weight));
    expect(relativeError(after, before)).toBeLessThan(1e-12);
    const spread = (m: Float64Array) => Math.max(...m) / Math.min(...m);
    expect(spread(channelMax(smoothed.x))).toBeLessThan(spread(channelMax(acts)) / 5);
    expect(() => smoothingScales([1, 2], w)).toThrow(expect.objectContaining({ code: 'E_SHAPE' }));
  });

  it('Jacobi eigendecomposition: A·V = V·Λ with orthogonal V, eigenvalues descending', () => {
    const b = randomMatrix(12, 12, 7);
    const a = multiply(b, transpose(b));
    const { values, vectors } = symmetricEigen(a);
    expect(orthogonalityError(vectors)).toBeLessThan(1e-10);
    const av = multiply(a, vectors);
    for (let i = 0; i < 12; i++)
      for (let j = 0; j < 12; j++)
        expect(av.data[i * 12 + j]).toBeCloseTo(vectors.data[i * 12 + j]! * values[j]!, 8);
    for (let j = 1; j < 12; j++) expect(values[j]!).toBeLessThanOrEqual(values[j - 1]!);
    expect(() => symmetricEigen(randomMatrix(3, 3, 8))).toThrow(
      expect.objectContaining({ code: 'E_ARGUMENT' }),
    );
  });

  it('the KLT rotation decorrelates the data’s channels', () => {
    const rng = createRng(9);
    const samples = 500;
    const data = matrix(samples, 4);
    for (let i = 0; i < samples; i++) {
      const z = rng.nextFloat() - 0.5;
      data.data.set(
        [z + 0.1 * rng.nextFloat(), 2 * z, -z + 0.2 * rng.nextFloat(), rng.nextFloat()],
        i * 4,
      );
    }
    const q = kltRotation(covariance(data));
    const rotated = covariance(multiply(data, q));
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++)
        if (i !== j) expect(Math.abs(rotated.data[i * 4 + j]!)).toBeLessThan(1e-10);
  });
});
