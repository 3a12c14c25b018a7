import { describe, expect, it } from 'vitest';
import { haar, ihaar } from './haar.ts';

describe('Haar wavelet', () => {
  it('one level gives scaled sums then differences', () => {
    const x = Float64Array.of(1, 3, 5, 7);
    expect(Array.from(haar(x, 1))).toEqual([4, 12, -2, -2].map((v) => v * Math.SQRT1_2));
  });

  it('multi-level: the first coefficient is the scaled total, and ihaar inverts', () => {
    const x = Float64Array.from({ length: 64 }, (_, i) => Math.sin(i) + i / 10);
    const y = haar(x.slice(), 6);
    const total = x.reduce((s, v) => s + v, 0);
    expect(y[0]).toBeCloseTo(total / 8, 10);
    const back = ihaar(y, 6);
    for (let i = 0; i < 64; i++) expect(back[i]).toBeCloseTo(x[i]!, 12);
    const energy = (v: ArrayLike<number>) => Array.from(v).reduce((s, a) => s + a * a, 0);
    expect(energy(haar(x.slice(), 3))).toBeCloseTo(energy(x), 9);
  });

  it('rejects lengths not divisible by 2^levels', () => {
    expect(() => haar(new Float64Array(12), 3)).toThrow(
      expect.objectContaining({ code: 'E_SHAPE' }),
    );
  });
});
