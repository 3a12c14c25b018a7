/**
 * The wasm backend: tensor storage is a block of the kernels module's linear memory (a
 * `WasmStorage`, allocated by heap.ts), so kernels read operands by pointer and write results
 * into fresh blocks — ops between wasm tensors never copy through the JS heap. Bytes cross the
 * boundary only on upload/adopt (in), download/downloadSync (out), and in the few kernels that
 * run host code (a format's own codec, reference transforms); `traffic()` counts them all.
 * A block is freed by `tensor.dispose()` (release) or, failing that, when its Tensor is
 * garbage-collected: core asks for that (`watch`) for the tensors no tidy scope will dispose,
 * and a FinalizationRegistry entry on the handle, which only the Tensor holds, does it.
 */
import {
  type Backend,
  type DataHandle,
  ErrorCode,
  type Format,
  f32,
  LowbitError,
  type Shape,
  type Tensor,
} from '@lowbit/core';
import type { MemoryReport } from './heap.ts';
import type { Traffic, WasmKernels } from './wasm-module.ts';

/** A wasm tensor's storage: `bytes` at `ptr` in linear memory. */
export interface WasmStorage {
  readonly ptr: number;
  readonly bytes: number;
}

/** The handle as the backend keeps it: whether its block is still allocated, and watched. */
interface Block extends WasmStorage {
  live: boolean;
  watched: boolean;
}

/** A kernel's context, as far as making results goes. */
interface Wrapper {
  wrap(handle: DataHandle, shape: Shape, format: Format): Tensor;
}

export class WasmBackend implements Backend {
  readonly name = 'wasm';
  private released = false;
  /** Frees the block of a watched handle that was garbage-collected without dispose(). */
  private readonly finalizer = new FinalizationRegistry<number>((ptr) =>
    this.kernels.heap.free(ptr),
  );

  constructor(readonly kernels: WasmKernels) {}

  get disposed(): boolean {
    return this.released;
  }

  /** Stops the worker threads; ops and reads on this backend then fail with E_BACKEND_DISPOSED. */
  dispose(): void {
    this.released = true;
    this.kernels.dispose();
  }

  /** Throws E_BACKEND_DISPOSED once dispose() ran (as core's host backends do). */
  private assertLive(): void {
    if (this.released) {
      throw new LowbitError(
        ErrorCode.BackendDisposed,
        'The wasm backend was disposed; register a new one (use(...)) and create tensors on it again.',
        { details: { backend: this.name } },
      );
    }
  }

  /** A fresh block of `bytes` (room for `capacity` if a kernel writes past the tensor's end). */
  allocate(bytes: number, capacity = bytes): WasmStorage {
    this.assertLive();
    const block: Block = {
      ptr: this.kernels.heap.alloc(capacity),
      bytes,
      live: true,
      watched: false,
    };
    return block;
  }

  /** Frees the block if its handle is garbage-collected before release (see Backend.watch). */
  watch(handle: DataHandle): void {
    const block = handle as Block;
    if (!block.live || block.watched) return;
    block.watched = true;
    this.finalizer.register(block, block.ptr, block);
  }

  upload(bytes: Uint8Array): DataHandle {
    const storage = this.allocate(bytes.byteLength);
    this.kernels.copyIn(storage.ptr, bytes);
    return storage;
  }

  /** Host bytes cannot be adopted by linear memory: copied in, as upload. */
  adopt(bytes: Uint8Array): DataHandle {
    return this.upload(bytes);
  }

  async download(handle: DataHandle): Promise<Uint8Array> {
    return this.downloadSync(handle);
  }

  /** A copy (a view of linear memory would go stale at the next allocation). */
  downloadSync(handle: DataHandle): Uint8Array {
    this.assertLive();
    const { ptr, bytes } = handle as WasmStorage;
    return this.kernels.copyOut(ptr, bytes);
  }

  /** Overwrites stored bytes in place (the cpu fallback of an in-place op writes back here). */
  writeSync(handle: DataHandle, bytes: Uint8Array, byteOffset = 0): void {
    this.assertLive();
    const storage = handle as WasmStorage;
    if (byteOffset + bytes.byteLength > storage.bytes) {
      throw new LowbitError(
        ErrorCode.Argument,
        `A write of ${bytes.byteLength} bytes at ${byteOffset} overruns a ${storage.bytes}-byte wasm tensor.`,
      );
    }
    this.kernels.copyIn(storage.ptr + byteOffset, bytes);
  }

  release(handle: DataHandle): void {
    const block = handle as Block;
    if (!block.live) return;
    block.live = false;
    if (block.watched) this.finalizer.unregister(block);
    this.kernels.heap.free(block.ptr);
  }

  /** What linear memory holds now: live blocks (tensors and constant tables), holes, peak. */
  memory(): MemoryReport {
    return this.kernels.heap.report();
  }

  /** Bytes copied across the JS↔wasm boundary since the backend was made. */
  traffic(): Traffic {
    return { ...this.kernels.traffic };
  }

  /** The address of a wasm tensor's bytes. */
  ptr(tensor: Tensor): number {
    return this.storage(tensor).ptr;
  }

  storage(tensor: Tensor): WasmStorage {
    if (tensor.backend !== this) {
      throw new LowbitError(
        ErrorCode.BackendMismatch,
        `Expected a ${this.name} tensor, got one on "${tensor.location}".`,
      );
    }
    tensor.assertLive();
    return tensor.handle as WasmStorage;
  }

  /** A view of a tensor's bytes in linear memory: valid until the next allocation. */
  view(tensor: Tensor): Uint8Array {
    const { ptr, bytes } = this.storage(tensor);
    return new Uint8Array(this.kernels.memory.buffer, ptr, bytes);
  }

  /** A host copy of an f32 tensor's values (for host-side code; counted as traffic). */
  hostFloats(tensor: Tensor): Float32Array {
    if (tensor.format.name !== 'f32') {
      throw new LowbitError(
        ErrorCode.Argument,
        `Expected an f32 tensor, got ${tensor.format.name}.`,
      );
    }
    const { ptr } = this.storage(tensor);
    return new Float32Array(this.kernels.copyOut(ptr, tensor.size * 4).buffer);
  }

  /** A new tensor of `shape` whose `size·4` bytes `fill(ptr)` writes (f32 unless `format`). */
  output(
    context: Wrapper,
    shape: Shape,
    fill: (ptr: number) => void,
    options: { format?: Format; bytes?: number; capacity?: number } = {},
  ): Tensor {
    const format = options.format ?? f32;
    const bytes = options.bytes ?? format.byteLength(shape.reduce((a, b) => a * b, 1));
    const storage = this.allocate(bytes, options.capacity ?? bytes);
    try {
      fill(storage.ptr);
    } catch (error) {
      this.release(storage);
      throw error;
    }
    return context.wrap(storage, shape, format);
  }

  /** A new tensor holding host `values` (copied in; counted as traffic). */
  fromHost(context: Wrapper, values: ArrayBufferView, shape: Shape, format: Format = f32): Tensor {
    return this.output(context, shape, (ptr) => this.kernels.copyIn(ptr, values), {
      format,
      bytes: values.byteLength,
    });
  }
}
