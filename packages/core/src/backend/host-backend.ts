/**
 * Storage in host memory (a Uint8Array of packed bytes per tensor), for backends whose data
 * lives on the JS heap — cpu. (wasm keeps its tensors in its own linear memory instead.)
 */
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { assertBackendLive, type Backend, type DataHandle } from './backend.ts';

export abstract class HostBackend implements Backend {
  abstract readonly name: string;
  private released = false;

  get disposed(): boolean {
    return this.released;
  }

  /** Subclasses that hold more (threads, memory) free it and call super.dispose(). */
  dispose(): void {
    this.released = true;
  }

  upload(bytes: Uint8Array): DataHandle {
    assertBackendLive(this);
    return bytes.slice();
  }

  /** Takes ownership of `bytes` without copying. */
  adopt(bytes: Uint8Array): DataHandle {
    assertBackendLive(this);
    return bytes;
  }

  async download(handle: DataHandle): Promise<Uint8Array> {
    assertBackendLive(this);
    return (handle as Uint8Array).slice();
  }

  downloadSync(handle: DataHandle): Uint8Array {
    assertBackendLive(this);
    return handle as Uint8Array;
  }

  writeSync(handle: DataHandle, bytes: Uint8Array, byteOffset = 0): void {
    assertBackendLive(this);
    (handle as Uint8Array).set(bytes, byteOffset);
  }

  release(_handle: DataHandle): void {
    // Garbage-collected storage: nothing to free.
  }

  /** The packed bytes of a tensor on this backend (the storage itself, not a copy). */
  bytes(tensor: Tensor): Uint8Array {
    if (tensor.backend !== this) {
      throw new LowbitError(
        ErrorCode.BackendMismatch,
        `Expected a ${this.name} tensor, got one on "${tensor.location}".`,
      );
    }
    tensor.assertLive();
    return tensor.handle as Uint8Array;
  }

  /** Float32 view of an f32 tensor on this backend (copied only if the storage is misaligned). */
  floats(tensor: Tensor): Float32Array {
    if (tensor.format.name !== 'f32') {
      throw new LowbitError(
        ErrorCode.Argument,
        `Expected an f32 tensor, got ${tensor.format.name}.`,
      );
    }
    const bytes = this.bytes(tensor);
    if (bytes.byteOffset % 4 !== 0) return new Float32Array(bytes.slice().buffer, 0, tensor.size);
    return new Float32Array(bytes.buffer, bytes.byteOffset, tensor.size);
  }
}
