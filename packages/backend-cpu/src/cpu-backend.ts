/**
 * The cpu backend: storage is a host Uint8Array holding the packed bytes. Always available,
 * synchronous, and the oracle every other backend is tested against.
 */
import { type Backend, type DataHandle, ErrorCode, LowbitError, type Tensor } from '@lowbit/core';

export class CpuBackend implements Backend {
  readonly name = 'cpu';

  upload(bytes: Uint8Array): DataHandle {
    return bytes.slice();
  }

  /** Takes ownership of `bytes` without copying. */
  adopt(bytes: Uint8Array): DataHandle {
    return bytes;
  }

  async download(handle: DataHandle): Promise<Uint8Array> {
    return (handle as Uint8Array).slice();
  }

  downloadSync(handle: DataHandle): Uint8Array {
    return handle as Uint8Array;
  }

  release(): void {
    // Garbage-collected storage: nothing to free.
  }

  /** The packed bytes of a cpu tensor (the storage itself, not a copy). */
  bytes(tensor: Tensor): Uint8Array {
    if (tensor.backend !== this) {
      throw new LowbitError(
        ErrorCode.BackendMismatch,
        `Expected a cpu tensor, got one on "${tensor.location}".`,
      );
    }
    tensor.assertLive();
    return tensor.handle as Uint8Array;
  }

  /** Float32 view of an f32 cpu tensor (copied only if the storage is misaligned). */
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
