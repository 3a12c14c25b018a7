/**
 * KLT / PCA rotation: the eigenvectors of a covariance matrix, from the cyclic Jacobi method
 * for symmetric matrices (Golub & Van Loan §8.5): repeated plane rotations zero the off-diagonal
 * entries; the accumulated rotations are the eigenvectors. Rotating data by the KLT decorrelates
 * its channels.
 */
import { ErrorCode, LowbitError } from '@lowbit/core';
import { identity, type Matrix } from './matrix.ts';

export interface Eigen {
  /** Eigenvalues, descending. */
  values: Float64Array;
  /** Eigenvectors as columns, in the same order (an orthogonal matrix). */
  vectors: Matrix;
}

export function symmetricEigen(a: Matrix, tolerance = 1e-12, maxSweeps = 100): Eigen {
  const n = a.rows;
  if (a.cols !== n)
    throw new LowbitError(
      ErrorCode.Shape,
      `Eigendecomposition needs a square matrix, got ${a.rows}×${a.cols}.`,
    );
  const m = Float64Array.from(a.data);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (Math.abs(m[i * n + j]! - m[j * n + i]!) > 1e-9 * (Math.abs(m[i * n + j]!) + 1)) {
        throw new LowbitError(
          ErrorCode.Argument,
          'The matrix is not symmetric; pass a covariance matrix.',
        );
      }
    }
  }
  const v = identity(n).data as Float64Array;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q]! ** 2;
    if (off <= tolerance * tolerance) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q]!;
        if (apq === 0) continue;
        const theta = (m[q * n + q]! - m[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p]!;
          const mkq = m[k * n + q]!;
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k]!;
          const mqk = m[q * n + k]!;
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (x, y) => m[y * n + y]! - m[x * n + x]!,
  );
  const values = Float64Array.from(order, (i) => m[i * n + i]!);
  const vectors = new Float64Array(n * n);
  order.forEach((col, j) => {
    for (let k = 0; k < n; k++) vectors[k * n + j] = v[k * n + col]!;
  });
  return { values, vectors: { rows: n, cols: n, data: vectors } };
}

/** Covariance of data X [samples, channels] (mean removed, divided by samples). */
export function covariance(x: Matrix): Matrix {
  const { rows, cols } = x;
  const mean = new Float64Array(cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) mean[j]! += x.data[i * cols + j]! / rows;
  const c = new Float64Array(cols * cols);
  for (let i = 0; i < rows; i++) {
    for (let a = 0; a < cols; a++) {
      const da = x.data[i * cols + a]! - mean[a]!;
      for (let b = a; b < cols; b++)
        c[a * cols + b]! += (da * (x.data[i * cols + b]! - mean[b]!)) / rows;
    }
  }
  for (let a = 0; a < cols; a++) for (let b = 0; b < a; b++) c[a * cols + b] = c[b * cols + a]!;
  return { rows: cols, cols, data: c };
}

/** The KLT rotation of a covariance matrix: its eigenvectors (columns), largest variance first. */
export function kltRotation(cov: Matrix): Matrix {
  return symmetricEigen(cov).vectors;
}
