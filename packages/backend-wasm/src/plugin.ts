import { BACKEND_API_VERSION, type BackendPlugin, type KernelConfig } from '@lowbit/core';
import { decodeBf16Config, decodeF16Config } from './kernels/decode-16.ts';
import { fwhtConfig } from './kernels/fwht.ts';
import { linearQ8_0Config } from './kernels/linear-q8-0.ts';
import { WasmBackend } from './wasm-backend.ts';
import { WasmKernels, wasmBytes } from './wasm-module.ts';

/** Above cpu (1): preferred wherever WebAssembly SIMD validates. */
export const WASM_PRIORITY = 2;

/** Every wasm kernel, in one explicit list; ops without one fall back to cpu. */
export const wasmKernels = [
  decodeF16Config,
  decodeBf16Config,
  fwhtConfig,
  linearQ8_0Config,
] as unknown as readonly KernelConfig[];

/** The wasm backend plugin: `use(wasmBackend())`. */
export function wasmBackend(): BackendPlugin {
  return {
    name: 'wasm',
    apiVersion: BACKEND_API_VERSION,
    priority: WASM_PRIORITY,
    probe: () => (typeof WebAssembly === 'object' && WebAssembly.validate(wasmBytes()) ? 1 : 0),
    init: async () => new WasmBackend(await WasmKernels.create()),
    kernels: wasmKernels,
  };
}
