import { describe, expect, it } from 'vitest';
import {
  broadcastShapes,
  checkShape,
  inferShape,
  matmulDims,
  matmulShape,
  sizeOf,
} from './shape.ts';

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

  it('batches matmul over a leading axis, broadcasting a batch of 1 or a 2-D operand', () => {
    expect(matmulDims([4, 2, 3], [4, 3, 5])).toMatchObject({
      batch: 4,
      strideA: 6,
      strideB: 15,
      shape: [4, 2, 5],
    });
    expect(matmulDims([1, 2, 3], [4, 3, 5])).toMatchObject({ batch: 4, strideA: 0, strideB: 15 });
    expect(matmulDims([4, 2, 3], [3, 5])).toMatchObject({ strideB: 0, shape: [4, 2, 5] });
    expect(matmulDims([4, 3, 2], [4, 5, 3], true, true)).toMatchObject({ m: 2, k: 3, n: 5 });
    expect(matmulDims([2, 3], [3, 5])).toMatchObject({ batch: 1, shape: [2, 5] });
    expect(() => matmulDims([4, 2, 3], [3, 3, 5])).toThrow(/batches differ/);
    expect(() => matmulDims([1, 4, 2, 3], [3, 5])).toThrow(
      expect.objectContaining({ code: 'E_SHAPE' }),
    );
  });

  it('infers one −1 dimension of a reshape and rejects element-count changes', () => {
    expect(inferShape([-1, 4], 12)).toEqual([3, 4]);
    expect(inferShape([2, -1, 3], 12)).toEqual([2, 2, 3]);
    expect(inferShape([12], 12)).toEqual([12]);
    for (const bad of [
      [5, 2],
      [-1, 5],
      [-1, -1],
      [0, -1],
      [-2, -6],
    ])
      expect(() => inferShape(bad, 12)).toThrow(expect.objectContaining({ code: 'E_SHAPE' }));
  });

  it('validates dimensions', () => {
    expect(sizeOf([])).toBe(1);
    expect(sizeOf([2, 0, 3])).toBe(0);
    expect(() => checkShape([2, -1])).toThrow(expect.objectContaining({ code: 'E_SHAPE' }));
    expect(() => checkShape([1.5])).toThrow(expect.objectContaining({ code: 'E_SHAPE' }));
  });
});
