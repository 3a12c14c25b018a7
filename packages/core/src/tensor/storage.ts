/**
 * Storage shared by a tensor and its views (reshape): one backend handle, reference-counted.
 * The handle is released when the last tensor over it is disposed, so disposing a source while
 * a view lives keeps the bytes. `mutable` belongs to the storage: a view of a KV cache is as
 * writable as the cache, and a backend may cache anything derived from immutable storage by
 * the handle's identity (see Backend in backend.ts).
 */
import type { Backend, DataHandle } from '../backend/backend.ts';
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';

export class Storage {
  private refs = 1;
  private watched = false;
  /** Bumped by every in-place write, so derived data can tell it is stale. */
  version = 0;

  constructor(
    readonly backend: Backend,
    readonly handle: DataHandle,
    readonly mutable: boolean,
  ) {}

  /** Tensors still referencing this storage. */
  get references(): number {
    return this.refs;
  }

  retain(): this {
    if (this.refs === 0) {
      throw new LowbitError(
        ErrorCode.TensorDisposed,
        'This storage was released (its last tensor was disposed); it cannot gain new views.',
      );
    }
    this.refs++;
    return this;
  }

  /** Asks the backend (once) to free the handle if it is garbage-collected unreleased. */
  watch(): void {
    if (this.watched || this.refs === 0) return;
    this.watched = true;
    this.backend.watch?.(this.handle);
  }

  /** Drops one reference; the handle is released with the last. */
  release(): void {
    if (this.refs === 0) return;
    this.refs--;
    if (this.refs === 0) this.backend.release(this.handle);
  }
}
