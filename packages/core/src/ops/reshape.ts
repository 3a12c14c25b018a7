/** reshape/view: a new shape over the same refcounted storage — metadata only, on any backend. */
import { inferShape, type Shape } from '../tensor/shape.ts';
import { Tensor } from '../tensor/tensor.ts';

/**
 * `x` with a new shape holding the same elements (one dimension may be −1), sharing x's storage:
 * no copy and no kernel, packed formats included (a q4_0 [n, k] viewed as [n·k] has the same
 * bytes). Dispose each independently; the bytes live until both are disposed. A view of a
 * mutable tensor is mutable, and sees its writes.
 */
export function reshape(x: Tensor, shape: Shape): Tensor {
  x.assertLive();
  const dims = inferShape(shape, x.size);
  return new Tensor({
    shape: dims,
    format: x.format,
    backend: x.backend,
    storage: x.storage,
    host: x.host,
  });
}

/** Alias of reshape (PyTorch's name for the no-copy form). */
export const view = reshape;
