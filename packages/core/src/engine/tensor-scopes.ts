/**
 * `tidy(fn)`: tensors made while `fn` runs are disposed when it returns, except those it returns
 * (found in arrays and plain objects) and those passed to `keep()`. Backends that own memory
 * garbage collection cannot see (wasm linear memory, GPU buffers) need this in loops: an
 * undisposed result there holds its bytes until the JS object happens to be collected.
 */
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';
import { Tensor } from '../tensor/tensor.ts';

export class TensorScopes {
  private readonly open: Set<Tensor>[] = [];

  /**
   * Called for every new tensor: the innermost open scope owns it; outside every scope, its
   * storage is watched (freed by the backend if it is garbage-collected undisposed).
   */
  track(tensor: Tensor): void {
    const scope = this.open.at(-1);
    if (scope) scope.add(tensor);
    else tensor.storage.watch();
  }

  /** Takes `tensor` out of every open scope: it outlives them (dispose it yourself). */
  keep<T extends Tensor>(tensor: T): T {
    for (const scope of this.open) scope.delete(tensor);
    tensor.storage.watch();
    return tensor;
  }

  tidy<T>(fn: () => T): T {
    const scope = new Set<Tensor>();
    this.open.push(scope);
    let result: T;
    try {
      result = fn();
    } catch (error) {
      this.close(scope, new Set());
      throw error;
    }
    if (result instanceof Promise) {
      this.close(scope, new Set());
      throw new LowbitError(
        ErrorCode.Argument,
        'tidy() takes a synchronous function (ops are synchronous); await reads outside it.',
      );
    }
    this.close(scope, tensorsIn(result));
    return result;
  }

  private close(scope: Set<Tensor>, returned: Set<Tensor>): void {
    this.open.pop();
    const outer = this.open.at(-1);
    for (const tensor of scope) {
      if (!returned.has(tensor)) tensor.dispose();
      else if (outer) outer.add(tensor);
      else tensor.storage.watch();
    }
  }
}

/** The tensors in a result: itself, or inside arrays and plain objects (nested). */
function tensorsIn(value: unknown, found = new Set<Tensor>()): Set<Tensor> {
  if (value instanceof Tensor) found.add(value);
  else if (Array.isArray(value)) for (const item of value) tensorsIn(item, found);
  else if (value !== null && typeof value === 'object' && value.constructor === Object)
    for (const item of Object.values(value)) tensorsIn(item, found);
  return found;
}
