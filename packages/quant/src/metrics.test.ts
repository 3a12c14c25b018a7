import { createRng } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import {
  cosineSimilarity,
  errorMetrics,
  klDivergence,
  maxAbsError,
  mse,
  qsur,
  relativeMse,
  sqnrDb,
} from './metrics.ts';

describe('metrics against hand-computed values', () => {
  const x = [1, 2, 3, 4];
  const y = [1, 2, 3, 5];

  it('mse, relative mse, SQNR, cosine, max error', () => {
    expect(mse(x, y)).toBe(0.25);
    expect(relativeMse(x, y)).toBeCloseTo(1 / 30, 15);
    expect(sqnrDb(x, y)).toBeCloseTo(10 * Math.log10(30), 12);
    expect(cosineSimilarity(x, y)).toBeCloseTo(34 / Math.sqrt(30 * 39), 15);
    expect(maxAbsError(x, y)).toBe(1);
    expect(sqnrDb(x, x)).toBe(Number.POSITIVE_INFINITY);
    expect(cosineSimilarity([0, 0], [0, 0])).toBe(1);
  });

  it('KL divergence is 0 for identical histograms and positive otherwise', () => {
    const a = Array.from({ length: 1000 }, (_, i) => Math.sin(i));
    expect(klDivergence(a, a)).toBe(0);
    const coarse = a.map((v) => Math.round(v * 2) / 2);
    expect(klDivergence(a, coarse)).toBeGreaterThan(0.5);
    // Two bins, P = (½, ½), Q = (1, 0): KL = ½·log(½ / 1) + ½·log(½ / ε).
    expect(klDivergence([0, 1], [0, 0], 2)).toBeCloseTo(
      0.5 * Math.log(0.5) + 0.5 * Math.log(0.5 / 1e-10),
      6,
    );
  });

  it('QSUR: 1 in one dimension, √(π/4) for an isotropic pair, raised by a variance-equalising rotation', () => {
    expect(qsur([1, -1, 2, -2], 4, 1)).toBeCloseTo(1, 12);
    expect(qsur([1, 0, -1, 0, 0, 1, 0, -1], 4, 2)).toBeCloseTo(Math.sqrt(Math.PI / 4), 10);
    // variances 4 and ¼ on the axes, then the same data rotated by 45°.
    const axis = [2, 0, -2, 0, 0, 0.5, 0, -0.5];
    const r = Math.SQRT1_2;
    const rotated = [];
    for (let i = 0; i < 4; i++)
      rotated.push(r * (axis[2 * i]! + axis[2 * i + 1]!), r * (axis[2 * i]! - axis[2 * i + 1]!));
    expect(qsur(axis, 4, 2)).toBeCloseTo(Math.sqrt(Math.PI / 16), 10);
    expect(qsur(rotated, 4, 2)).toBeCloseTo(Math.sqrt(Math.PI / 8.5), 10);
  });

  it('errorMetrics bundles them and rejects mismatched inputs', () => {
    expect(errorMetrics(x, y)).toMatchObject({ mse: 0.25, maxAbsError: 1 });
    expect(() => mse([1], [1, 2])).toThrow(expect.objectContaining({ code: 'E_SHAPE' }));
  });
});

describe('errorMetrics (fused)', () => {
  it('equals each single-metric function bit for bit', () => {
    const rng = createRng(5);
    const cases: [Float32Array, Float32Array][] = [
      [new Float32Array(3), new Float32Array(3)],
      [Float32Array.of(1, 2, 3), new Float32Array(3)],
      [new Float32Array(3), Float32Array.of(1, 0, 0)],
      [Float32Array.of(2, 2), Float32Array.of(2, 2)],
    ];
    for (let c = 0; c < 20; c++) {
      const x = Float32Array.from({ length: 1000 + c }, () => rng.nextFloat() * 2 - 1);
      cases.push([x, x.map((v) => Math.round(v * 8) / 8 + (c % 3 ? 0 : 0.01))]);
    }
    for (const [x, y] of cases) {
      expect(errorMetrics(x, y)).toStrictEqual({
        mse: mse(x, y),
        relativeMse: relativeMse(x, y),
        sqnrDb: sqnrDb(x, y),
        cosine: cosineSimilarity(x, y),
        maxAbsError: maxAbsError(x, y),
        klDivergence: klDivergence(x, y),
      });
    }
  });
});
