/**
 * A tensor: immutable shape and format, packed bytes owned by a backend. Reading back to the
 * host and moving between backends are explicit; packed formats stay packed (a 4-bit tensor
 * occupies `format.byteLength(size)` bytes wherever it lives).
 */
import { assertBackendLive, type Backend, type DataHandle } from '../backend/backend.ts';
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';
import type { Format } from '../format/format.ts';
import { type Shape, sizeOf } from './shape.ts';

/** What a tensor needs from the engine that made it. */
export interface TensorHost {
  move(tensor: Tensor, backend: string): Promise<Tensor>;
  /** Runs a single-output op synchronously (the engine's cached dispatch). */
  runOne(op: string, inputs: readonly Tensor[], attrs: object): Tensor;
  run(op: string, inputs: readonly Tensor[], attrs: object): Tensor[];
}

export interface TensorInit {
  shape: Shape;
  format: Format;
  backend: Backend;
  handle: DataHandle;
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
  /** The engine that made this tensor; ops on it dispatch through it. */
  readonly host: TensorHost;
  private released = false;

  /** Use `tensor()` / `fromBytes()` or a kernel's backend; this is the low-level form. */
  constructor(init: TensorInit) {
    this.shape = Object.freeze([...init.shape]);
    this.size = sizeOf(init.shape);
    this.format = init.format;
    this.backend = init.backend;
    this.handle = init.handle;
    this.host = init.host;
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

  /** A host copy of the packed bytes. */
  async readBytes(): Promise<Uint8Array> {
    this.assertLive();
    return this.backend.download(this.handle);
  }

  /** The values, decoded to float32 on the host. */
  async read(): Promise<Float32Array> {
    return this.format.decode(await this.readBytes(), this.size);
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

  dispose(): void {
    if (this.released) return;
    this.released = true;
    this.backend.release(this.handle);
  }

  toString(): string {
    return `Tensor(${this.format.name}, [${this.shape.join(', ')}], ${this.location})`;
  }
}
