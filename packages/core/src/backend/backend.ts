/**
 * What a backend plugin provides. A plugin is a plain object: a name, the API version it was
 * built against, a priority, an optional probe, an init that creates the backend, and the
 * kernels it brings. See docs/adding-a-backend.md.
 */
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';
import type { KernelConfig } from '../kernel/kernel.ts';

/**
 * Bumped when Backend or KernelConfig change incompatibly; plugins must match it.
 * 2: kernels are synchronous (`KernelFn` returns its tensors, never a promise).
 */
export const BACKEND_API_VERSION = 2;

/** Opaque storage owned by a backend (a byte array on cpu, a GPUBuffer on webgpu …). */
export type DataHandle = unknown;

/**
 * A live backend: it owns tensor storage and moves bytes to and from the host.
 *
 * Storage is immutable unless the tensor was created `mutable: true`: only in-place ops
 * (IN_PLACE_OPERAND, e.g. writeRows) write an existing handle, and core refuses them on
 * immutable tensors (E_TENSOR_IMMUTABLE). A backend may therefore cache anything derived from
 * an immutable tensor (a repacked weight, a decoded copy) keyed by its handle's identity; for a
 * mutable one it must not, or must check `tensor.storage.version`, which each write bumps.
 */
export interface Backend {
  readonly name: string;
  /** Copies `bytes` into storage this backend owns. */
  upload(bytes: Uint8Array): DataHandle;
  /**
   * The stored bytes, copied to the host — the one place that waits: a backend that queues its
   * work (a GPU) resolves once the kernels that fill `handle` have run.
   */
  download(handle: DataHandle): Promise<Uint8Array>;
  /**
   * Host backends only: the stored bytes without waiting. May return the storage itself. The
   * engine's cpu fallback needs it; without it, ops lacking a kernel here fail (E_KERNEL_MISSING).
   */
  downloadSync?(handle: DataHandle): Uint8Array;
  /**
   * Host-readable backends: overwrites the stored bytes from `byteOffset` in place. The engine's
   * cpu fallback of an in-place op (writeRows) writes its result back through it.
   */
  writeSync?(handle: DataHandle, bytes: Uint8Array, byteOffset?: number): void;
  /**
   * Frees storage; the handle is not used again. Core calls it once per handle, when the last
   * tensor sharing the storage (a tensor and its reshape views) is disposed.
   */
  release(handle: DataHandle): void;
  /**
   * Optional: free `handle` if it is garbage-collected before release (a FinalizationRegistry).
   * Core calls it at most once per storage, and only for storage no `tidy` scope will release:
   * made outside every scope, returned from the outermost one, or passed to `keep()`. The results
   * an op makes and its scope disposes are never watched, which spares each op the registration.
   */
  watch?(handle: DataHandle): void;
  /** Frees everything the backend holds (called when it is unregistered). */
  dispose?(): void;
  /** True once dispose() ran: ops and reads on it then fail with E_BACKEND_DISPOSED. */
  readonly disposed?: boolean;
  /**
   * Why a device backend's device was lost (undefined while it works). The registry then stops
   * choosing it, with one warning; its tensors fail with E_DEVICE_LOST.
   */
  readonly lost?: string;
}

/** Throws E_BACKEND_DISPOSED when `backend` was disposed. */
export function assertBackendLive(backend: Backend): void {
  if (backend.disposed) {
    throw new LowbitError(
      ErrorCode.BackendDisposed,
      `The ${backend.name} backend was disposed; register a new one (use(...)) and create tensors on it again.`,
      { details: { backend: backend.name } },
    );
  }
}

export interface BackendPlugin {
  readonly name: string;
  readonly apiVersion: number;
  /** Higher wins when the engine picks a backend; cpu uses 1. */
  readonly priority: number;
  /** 0 (or a rejected promise) means unusable here; any positive score means try init(). */
  probe?(): number | Promise<number>;
  init(): Backend | Promise<Backend>;
  readonly kernels?: readonly KernelConfig[];
}
