import { Add, Mul } from '../kernel/op-names.ts';
import { broadcastShapes } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { single } from './single.ts';

/** a + b with NumPy broadcasting. */
export async function add(a: Tensor, b: Tensor): Promise<Tensor> {
  broadcastShapes(a.shape, b.shape);
  return single(a.host.run(Add, [a, b], {}));
}

/** a · b elementwise with NumPy broadcasting. */
export async function mul(a: Tensor, b: Tensor): Promise<Tensor> {
  broadcastShapes(a.shape, b.shape);
  return single(a.host.run(Mul, [a, b], {}));
}
