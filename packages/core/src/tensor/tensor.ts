/**
 * A tensor: immutable shape and format over packed bytes owned by a backend (a `Storage`, shared
 * with its views and reference-counted). Reading back to the host and moving between backends
 * are explicit; packed formats stay packed (a 4-bit tensor occupies `format.byteLength(size)`
 * bytes wherever it lives). The bytes are immutable unless the tensor was created
 * `mutable: true` (a KV cache), which in-place ops such as writeRows require.
 */
import { assertBackendLive, type Backend, type DataHandle } from '../backend/backend.ts';
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';
import type { Format } from '../format/format.ts';
import { type Shape, sizeOf } from './shape.ts';
import { Storage } from './storage.ts';

/** What a tensor needs from the engine that made it. */
export interface TensorHost {
  move(tensor: Tensor, backend: string): Promise<Tensor>;
  /** Runs a single-output op synchronously (the engine's cached dispatch). */
  runOne(op: string, inputs: readonly Tensor[], attrs: object): Tensor;
  run(op: string, inputs: readonly Tensor[], attrs: object): Tensor[];
  /**
   * Told of every new tensor (the engine's `tidy` scopes), and then owns calling
   * `tensor.storage.watch()` for those no scope will dispose; without it every tensor is watched.
   */
  track?(tensor: Tensor): void;
}

export interface TensorInit {
  shape: Shape;
  format: Format;
  backend: Backend;
  /** New storage over this handle (ignored when `storage` is given). */
  handle?: DataHandle;
  /** Existing storage to share (a view); its reference count is taken here. */
  storage?: Storage;
  /** For new storage: whether in-place ops may write it (default false). */
  mutable?: boolean;
  host: TensorHost;
}

export class Tensor {
  readonly shape: Shape;
  readonly size: number;
  readonly format: Format;
  /** The backend that owns the storage. */
  readonly backend: Backend;
  /** Backend-specific storage; only that backend's kernels look inside. */
  readonly handle: DataHandle;
  /** The refcounted storage behind `handle`, shared with views of this tensor. */
  readonly storage: Storage;
  /** The engine that made this tensor; ops on it dispatch through it. */
  readonly host: TensorHost;
  private released = false;

  /** Use `tensor()` / `fromBytes()` or a kernel's backend; this is the low-level form. */
  constructor(init: TensorInit) {
    this.shape = Object.freeze([...init.shape]);
    this.size = sizeOf(init.shape);
    this.format = init.format;
    this.backend = init.backend;
    this.storage =
      init.storage?.retain() ?? new Storage(init.backend, init.handle, init.mutable ?? false);
    this.handle = this.storage.handle;
    this.host = init.host;
    if (this.host.track) this.host.track(this);
    else this.storage.watch();
  }

  /** Whether in-place ops (writeRows) may write this tensor's bytes. */
  get mutable(): boolean {
    return this.storage.mutable;
  }

  /** Name of the owning backend (`cpu`, `wasm`, `webgpu` …). */
  get location(): string {
    return this.backend.name;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** Packed storage size: `format.byteLength(size)`. */
  get byteLength(): number {
    return this.format.byteLength(this.size);
  }

  get disposed(): boolean {
    return this.released;
  }

  /** Throws E_TENSOR_DISPOSED after dispose(), E_BACKEND_DISPOSED once its backend was. */
  assertLive(): void {
    if (this.released) {
      throw new LowbitError(
        ErrorCode.TensorDisposed,
        `A ${this.format.name} tensor of shape [${this.shape.join(', ')}] was used after dispose().`,
      );
    }
    assertBackendLive(this.backend);
  }

  /** Throws E_TENSOR_IMMUTABLE unless the tensor was created `mutable: true`. */
  assertMutable(op: string): void {
    if (this.storage.mutable) return;
    throw new LowbitError(
      ErrorCode.TensorImmutable,
      `${op} writes in place, but this ${this.format.name} tensor [${this.shape.join(', ')}] is ` +
        'immutable; create it writable with engine.zeros(shape, { mutable: true }) (or ' +
        '`mutable: true` on tensor() / fromBytes()).',
    );
  }

  /** A host copy of the packed bytes. */
  async readBytes(): Promise<Uint8Array> {
    this.assertLive();
    return this.backend.download(this.handle);
  }

  /** The values, decoded to float32 on the host. */
  async read(): Promise<Float32Array> {
    const bytes = await this.readBytes();
    // download() hands over a host copy: f32 bytes become the values without a second one
    // (a decode step's logits). Typed arrays share the host's byte order, as f32.decode assumes.
    if (this.format.name === 'f32' && bytes.byteOffset % 4 === 0 && bytes.length === this.size * 4)
      return new Float32Array(bytes.buffer, bytes.byteOffset, this.size);
    return this.format.decode(bytes, this.size);
  }

  /** Packed bytes without waiting; host backends only (E_TENSOR_LOCATION otherwise). */
  readBytesSync(): Uint8Array {
    this.assertLive();
    if (!this.backend.downloadSync) {
      throw new LowbitError(
        ErrorCode.TensorLocation,
        `This tensor lives on "${this.location}", which cannot be read synchronously; use await tensor.read().`,
      );
    }
    return this.backend.downloadSync(this.handle).slice(0, this.byteLength);
  }

  readSync(): Float32Array {
    return this.format.decode(this.readBytesSync(), this.size);
  }

  /** This tensor on `backend` (itself if already there). The original is left as it is. */
  async to(backend: string): Promise<Tensor> {
    this.assertLive();
    return this.host.move(this, backend);
  }

  /** Drops this tensor's reference; the storage is freed once no view holds it either. */
  dispose(): void {
    if (this.released) return;
    this.released = true;
    this.storage.release();
  }

  toString(): string {
    return `Tensor(${this.format.name}, [${this.shape.join(', ')}], ${this.location})`;
  }
}
