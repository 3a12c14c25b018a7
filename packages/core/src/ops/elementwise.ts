import { Add, Mul } from '../kernel/op-names.ts';
import { broadcastShapes } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { NO_ATTRS } from './no-attrs.ts';

/** a + b with NumPy broadcasting. */
export function add(a: Tensor, b: Tensor): Tensor {
  broadcastShapes(a.shape, b.shape);
  return a.host.runOne(Add, [a, b], NO_ATTRS);
}

/** a · b elementwise with NumPy broadcasting. */
export function mul(a: Tensor, b: Tensor): Tensor {
  broadcastShapes(a.shape, b.shape);
  return a.host.runOne(Mul, [a, b], NO_ATTRS);
}
