import { describe, expect, it } from 'vitest';
import { broadcastShapes, checkShape, matmulShape, sizeOf } from './shape.ts';

describe('shapes', () => {
  it('broadcasts as NumPy does', () => {
    expect(broadcastShapes([2, 1, 3], [4, 1])).toEqual([2, 4, 3]);
    expect(broadcastShapes([], [5])).toEqual([5]);
    expect(broadcastShapes([3, 1], [1, 0])).toEqual([3, 0]);
    expect(() => broadcastShapes([2, 3], [4, 3])).toThrow(
      expect.objectContaining({ code: 'E_SHAPE' }),
    );
  });

  it('computes matmul shapes and rejects mismatches', () => {
    expect(matmulShape([2, 3], [3, 5])).toEqual([2, 5]);
    expect(matmulShape([3, 2], [5, 3], true, true)).toEqual([2, 5]);
    expect(() => matmulShape([2, 3], [4, 5])).toThrow(/inner dimensions/);
    expect(() => matmulShape([2, 3, 4], [4, 5])).toThrow(
      expect.objectContaining({ code: 'E_SHAPE' }),
    );
  });

  it('validates dimensions', () => {
    expect(sizeOf([])).toBe(1);
    expect(sizeOf([2, 0, 3])).toBe(0);
    expect(() => checkShape([2, -1])).toThrow(expect.objectContaining({ code: 'E_SHAPE' }));
    expect(() => checkShape([1.5])).toThrow(expect.objectContaining({ code: 'E_SHAPE' }));
  });
});
