/** @lowbit/backend-wasm — WebAssembly SIMD kernels (AssemblyScript); register with use(wasmBackend()). */
export { WASM_PRIORITY, wasmBackend, wasmKernels } from './plugin.ts';
export { WasmBackend } from './wasm-backend.ts';
export type { WasmKernelOptions } from './wasm-module.ts';
export { WasmKernels } from './wasm-module.ts';
