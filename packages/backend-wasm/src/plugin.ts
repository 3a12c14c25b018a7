import {
  BACKEND_API_VERSION,
  type BackendPlugin,
  defineKernel,
  type KernelConfig,
} from '@lowbit/core';
import { attentionConfigs } from './kernels/attention.ts';
import { dctConfig } from './kernels/dct.ts';
import { decodeConfigs } from './kernels/decode.ts';
import { addConfig, mulConfig } from './kernels/elementwise.ts';
import { encodeConfig } from './kernels/encode.ts';
import { fftConfig } from './kernels/fft.ts';
import { fwhtConfig } from './kernels/fwht.ts';
import { getRowsConfigs } from './kernels/get-rows.ts';
import { blockHadamardConfig, randomHadamardConfig } from './kernels/hadamard.ts';
import { int8LinearConfigs } from './kernels/int8-linear.ts';
import { linearConfigs } from './kernels/linear.ts';
import { matmulConfig } from './kernels/matmul.ts';
import { rmsnormConfig, ropeConfig, softmaxConfig, swigluConfig } from './kernels/nn.ts';
import { writeRowsConfigs } from './kernels/write-rows.ts';
import { WasmBackend } from './wasm-backend.ts';
import { type WasmKernelOptions, WasmKernels, wasmBytes } from './wasm-module.ts';

/** Above cpu (1): preferred wherever WebAssembly SIMD validates. */
export const WASM_PRIORITY = 2;

/** Every wasm kernel, in one explicit list; ops without one fall back to cpu (plan() shows it). */
export const wasmKernels: readonly KernelConfig[] = [
  defineKernel(addConfig),
  ...attentionConfigs.map((config) => defineKernel(config)),
  defineKernel(blockHadamardConfig),
  defineKernel(dctConfig),
  ...decodeConfigs.map((config) => defineKernel(config)),
  defineKernel(encodeConfig),
  defineKernel(fftConfig),
  defineKernel(fwhtConfig),
  ...getRowsConfigs.map((config) => defineKernel(config)),
  ...int8LinearConfigs.map((config) => defineKernel(config)),
  ...linearConfigs.map((config) => defineKernel(config)),
  defineKernel(matmulConfig),
  defineKernel(mulConfig),
  defineKernel(randomHadamardConfig),
  defineKernel(rmsnormConfig),
  defineKernel(ropeConfig),
  defineKernel(softmaxConfig),
  defineKernel(swigluConfig),
  ...writeRowsConfigs.map((config) => defineKernel(config)),
];

/**
 * The wasm backend plugin: `use(wasmBackend())`, or `use(wasmBackend({ threads: 2 }))` to
 * share matmul and GEMV work with a worker thread.
 */
export function wasmBackend(options: WasmKernelOptions = {}): BackendPlugin {
  return {
    name: 'wasm',
    apiVersion: BACKEND_API_VERSION,
    priority: WASM_PRIORITY,
    probe: () => (typeof WebAssembly === 'object' && WebAssembly.validate(wasmBytes()) ? 1 : 0),
    init: async () => new WasmBackend(await WasmKernels.create(options)),
    kernels: wasmKernels,
  };
}
