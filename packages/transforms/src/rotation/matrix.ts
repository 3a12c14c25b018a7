/** A dense row-major matrix, the shape every rotation helper takes. */
import { ErrorCode, LowbitError } from '@lowbit/core';

export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array | Float32Array;
}

export function matrix(rows: number, cols: number, data?: ArrayLike<number>): Matrix {
  const values = data ? Float64Array.from(data) : new Float64Array(rows * cols);
  if (values.length !== rows * cols) {
    throw new LowbitError(
      ErrorCode.Shape,
      `A ${rows}×${cols} matrix needs ${rows * cols} values, got ${values.length}.`,
    );
  }
  return { rows, cols, data: values };
}

/** A·B (float64 accumulation). */
export function multiply(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows)
    throw new LowbitError(
      ErrorCode.Shape,
      `Cannot multiply ${a.rows}×${a.cols} by ${b.rows}×${b.cols}.`,
    );
  const out = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const v = a.data[i * a.cols + k]!;
      if (v === 0) continue;
      for (let j = 0; j < b.cols; j++) out[i * b.cols + j]! += v * b.data[k * b.cols + j]!;
    }
  }
  return { rows: a.rows, cols: b.cols, data: out };
}

export function transpose(a: Matrix): Matrix {
  const out = new Float64Array(a.rows * a.cols);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++) out[j * a.rows + i] = a.data[i * a.cols + j]!;
  return { rows: a.cols, cols: a.rows, data: out };
}

export function identity(n: number): Matrix {
  const m = matrix(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** max |QᵀQ − I|: 0 for an exactly orthogonal Q. */
export function orthogonalityError(q: Matrix): number {
  if (q.rows !== q.cols) return Number.POSITIVE_INFINITY;
  const g = multiply(transpose(q), q);
  let worst = 0;
  for (let i = 0; i < q.rows; i++) {
    for (let j = 0; j < q.cols; j++)
      worst = Math.max(worst, Math.abs(g.data[i * q.cols + j]! - (i === j ? 1 : 0)));
  }
  return worst;
}

export function isOrthogonal(q: Matrix, tolerance = 1e-9): boolean {
  return orthogonalityError(q) <= tolerance;
}
