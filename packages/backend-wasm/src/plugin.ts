import {
  BACKEND_API_VERSION,
  type BackendPlugin,
  defineKernel,
  type Format,
  type KernelConfig,
  LowbitError,
  listFormats,
} from '@lowbit/core';
import { allFormats } from '@lowbit/formats';
import { attentionConfigs } from './kernels/attention.ts';
import { dctConfig } from './kernels/dct.ts';
import { Decoders, decodeConfigs, formatDecodes } from './kernels/decode.ts';
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
import { type TraitTable, wasmFormatTraits } from './traits/format-traits.ts';
import { WasmBackend } from './wasm-backend.ts';
import { type WasmKernelOptions, WasmKernels, wasmBytes } from './wasm-module.ts';

/** Above cpu (1): preferred wherever WebAssembly SIMD validates. */
export const WASM_PRIORITY = 2;

/** The registry's formats, then those of @lowbit/formats not registered (yet). */
function knownFormats(): Format[] {
  const registered = listFormats();
  const names = new Set(registered.map((f) => f.name));
  return [...registered, ...allFormats.filter((f) => !names.has(f.name))];
}

/**
 * Every wasm kernel, in one explicit list: the format kernels (decode, get-rows, linear, encode)
 * derived from the trait table; ops without a kernel fall back to cpu (plan() shows it).
 */
export function wasmKernelsFor(table: TraitTable): KernelConfig[] {
  const decoders = new Decoders(formatDecodes(table.traits));
  const encoders = new Map(table.traits.flatMap((t) => (t.encoder ? [[t.format, t.encoder]] : [])));
  return [
    defineKernel(addConfig),
    ...attentionConfigs.map((config) => defineKernel(config)),
    defineKernel(blockHadamardConfig),
    defineKernel(dctConfig),
    ...decodeConfigs(decoders).map((config) => defineKernel(config)),
    defineKernel(encodeConfig(encoders)),
    defineKernel(fftConfig),
    defineKernel(fwhtConfig),
    ...getRowsConfigs(decoders.all).map((config) => defineKernel(config)),
    ...int8LinearConfigs.map((config) => defineKernel(config)),
    ...linearConfigs(table.traits, decoders).map((config) => defineKernel(config)),
    defineKernel(matmulConfig),
    defineKernel(mulConfig),
    defineKernel(randomHadamardConfig),
    defineKernel(rmsnormConfig),
    defineKernel(ropeConfig),
    defineKernel(softmaxConfig),
    defineKernel(swigluConfig),
    ...writeRowsConfigs.map((config) => defineKernel(config)),
  ];
}

/** The kernels for every format known when this module loads. */
export const wasmKernels: readonly KernelConfig[] = wasmKernelsFor(
  wasmFormatTraits(knownFormats()),
);

/**
 * The wasm backend plugin: `use(wasmBackend())`, or `use(wasmBackend({ threads: 2 }))` to
 * share matmul and GEMV work with a worker thread. Its format kernels come from the trait table
 * of the formats registered (and of @lowbit/formats) when it is called; init refuses a
 * registered layout a kernel would misread (E_FORMAT_INVALID).
 */
export function wasmBackend(options: WasmKernelOptions = {}): BackendPlugin {
  const table = wasmFormatTraits(knownFormats());
  return {
    name: 'wasm',
    apiVersion: BACKEND_API_VERSION,
    priority: WASM_PRIORITY,
    probe: () => (typeof WebAssembly === 'object' && WebAssembly.validate(wasmBytes()) ? 1 : 0),
    async init() {
      if (table.problems.length > 0)
        throw new LowbitError(
          'E_FORMAT_INVALID',
          `wasm kernels cannot read these registered layouts: ${table.problems.join('; ')}. ` +
            'Register the format under a new name, or give its kernel a matching layout.',
        );
      return new WasmBackend(await WasmKernels.create(options));
    },
    kernels: wasmKernelsFor(table),
  };
}
