/** The wasm backend: host storage (shared with cpu) plus a SIMD kernels module. */
import { type DataHandle, HostBackend } from '@lowbit/core';
import type { WasmKernels } from './wasm-module.ts';

export class WasmBackend extends HostBackend {
  readonly name = 'wasm';

  constructor(readonly kernels: WasmKernels) {
    super();
  }

  /** A disposed tensor's storage leaves the resident arena. */
  override release(handle: DataHandle): void {
    this.kernels.resident.evict(handle as Uint8Array);
  }

  /** Stops the worker threads; ops and reads on this backend then fail with E_BACKEND_DISPOSED. */
  override dispose(): void {
    super.dispose();
    this.kernels.dispose();
  }
}
