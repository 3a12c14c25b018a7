import { describe, expect, it } from 'vitest';
import { isPowerOfTwo } from '../index.ts';

describe('isPowerOfTwo', () => {
  it('is true for every 2^k a float64 holds, subnormals and fractions included', () => {
    for (let k = -1074; k <= 1023; k++) expect(isPowerOfTwo(2 ** k), `2^${k}`).toBe(true);
  });

  it('is false next to each power of two, and for 0, negatives, NaN and Inf', () => {
    for (const k of [-1074, -1022, -1, 0, 1, 31, 32, 52, 53, 1023]) {
      const p = 2 ** k;
      // The next float64 up (3·2^k among subnormals, where the spacing is 2^-1074 itself).
      const above = k < -1022 ? 3 * p : p * (1 + Number.EPSILON);
      expect(isPowerOfTwo(above), `just above 2^${k}`).toBe(false);
      if (k > -1022) expect(isPowerOfTwo(p * (1 - Number.EPSILON / 2)), `below 2^${k}`).toBe(false);
    }
    for (const x of [
      0,
      -0,
      -1,
      -2,
      -0.5,
      3,
      6,
      2 ** 31 + 1,
      2 ** 32 - 1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
    ])
      expect(isPowerOfTwo(x), String(x)).toBe(false);
  });
});
