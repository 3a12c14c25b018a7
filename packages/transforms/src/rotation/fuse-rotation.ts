/**
 * Fusing an orthogonal rotation Q into a pair of linear layers (QuaRot / SpinQuant): the
 * producer h = W_A·x becomes h' = Qᵀ·h, so W_A' = Qᵀ·W_A, and the consumer y = W_B·h becomes
 * y = (W_B·Q)·h', so W_B' = W_B·Q. Since Q·Qᵀ = I the pair computes the same outputs, while
 * h' and W_B' are rotated — outliers spread across channels, which is what makes them quantize.
 * Weights are [out, in] (PyTorch's nn.Linear layout).
 */
import { ErrorCode, LowbitError } from '@lowbit/core';
import { isOrthogonal, type Matrix, multiply, transpose } from './matrix.ts';

export interface FusedPair {
  producer: Matrix;
  consumer: Matrix;
}

export function fuseRotation(
  producer: Matrix,
  consumer: Matrix,
  q: Matrix,
  tolerance = 1e-6,
): FusedPair {
  if (q.rows !== producer.rows || consumer.cols !== q.rows) {
    throw new LowbitError(
      ErrorCode.Shape,
      `Rotation ${q.rows}×${q.cols} does not fit a producer with ${producer.rows} outputs and a consumer with ${consumer.cols} inputs.`,
    );
  }
  if (!isOrthogonal(q, tolerance)) {
    throw new LowbitError(
      ErrorCode.Argument,
      'The rotation is not orthogonal (QᵀQ ≠ I); outputs would change.',
    );
  }
  return { producer: multiply(transpose(q), producer), consumer: multiply(consumer, q) };
}

/** Only the consumer side: W' = W·Q for inputs that arrive already rotated by Qᵀ. */
export function rotateInputs(weight: Matrix, q: Matrix): Matrix {
  return multiply(weight, q);
}
