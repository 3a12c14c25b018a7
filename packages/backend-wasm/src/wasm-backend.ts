/** The wasm backend: host storage (shared with cpu) plus a SIMD kernels module. */
import { HostBackend } from '@lowbit/core';
import type { WasmKernels } from './wasm-module.ts';

export class WasmBackend extends HostBackend {
  readonly name = 'wasm';

  constructor(readonly kernels: WasmKernels) {
    super();
  }

  dispose(): void {
    this.kernels.dispose();
  }
}
