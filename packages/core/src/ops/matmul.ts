import { Linear, MatMul, type MatMulAttrs } from '../kernel/op-names.ts';
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

/**
 * A linear layer, y = x·Wᵀ, with W stored [out, in] as model files store it. Backends with a
 * fused kernel for W's format (e.g. q8_0 on wasm) compute on the packed bytes; elsewhere W is
 * decoded first.
 */
export async function linear(x: Tensor, w: Tensor): Promise<Tensor> {
  matmulShape(x.shape, w.shape, false, true);
  return single(x.host.run(Linear, [x, w], {}));
}
