import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';
import { Linear, MatMul, type MatMulAttrs } from '../kernel/op-names.ts';
import { matmulDims, matmulShape } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { NO_ATTRS } from './no-attrs.ts';

/**
 * op(A)·op(B) for 2-D tensors, or batched: [B, M, K]·[B, K, N] → [B, M, N], where a batch of 1
 * (or a 2-D operand) is shared by every batch of the other. Packed operands (e.g. q4_0 weights)
 * use a fused kernel where a backend has one, else the decode fallback.
 */
export function matmul(a: Tensor, b: Tensor, attrs: MatMulAttrs = NO_ATTRS): Tensor {
  matmulDims(a.shape, b.shape, attrs.transposeA, attrs.transposeB);
  return a.host.runOne(MatMul, [a, b], attrs);
}

/**
 * A linear layer, y = x·Wᵀ, with W stored [out, in] as model files store it. Backends with a
 * fused kernel for W's format (e.g. q8_0 on wasm) compute on the packed bytes; elsewhere W is
 * decoded first.
 */
export function linear(x: Tensor, w: Tensor, scales?: Tensor): Tensor {
  matmulShape(x.shape, w.shape, false, true);
  if (scales) linearGroups(w.shape, scales.shape);
  return x.host.runOne(Linear, scales ? [x, w, scales] : [x, w], NO_ATTRS);
}

/**
 * Values per scale group of a linear layer's weight [N, K] given scales [N, G]: K / G. Throws
 * unless G divides K.
 */
export function linearGroups(w: readonly number[], scales: readonly number[]): number {
  const [n, k] = w as [number, number];
  const [rows, groups] = scales as [number, number];
  if (scales.length !== 2 || rows !== n || !(groups > 0) || k % groups !== 0) {
    throw new LowbitError(
      ErrorCode.Shape,
      `linear: scales must be [${n}, G] with G dividing ${k} (one scale per row and group); ` +
        `got [${scales.join(', ')}].`,
    );
  }
  return k / groups;
}
