import { MatMul, type MatMulAttrs } from '../kernel/op-names.ts';
import { matmulShape } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { single } from './single.ts';

/**
 * op(A)·op(B) for 2-D tensors. Packed operands (e.g. q4_0 weights) use a fused kernel where a
 * backend has one, else the decode fallback.
 */
export async function matmul(a: Tensor, b: Tensor, attrs: MatMulAttrs = {}): Promise<Tensor> {
  matmulShape(a.shape, b.shape, attrs.transposeA, attrs.transposeB);
  return single(a.host.run(MatMul, [a, b], attrs));
}
