/**
 * @lowbit/core — the shared contract: Tensor, the format descriptor and registry, backend and
 * kernel registries with the dispatch fallback chain, op names, errors and the seeded RNG.
 */
import type { Backend, BackendPlugin } from './backend/backend.ts';
import type { Logger } from './backend/backend-registry.ts';
import {
  engine,
  type NumericArray,
  type StorageOptions,
  type TensorOptions,
} from './engine/engine.ts';
import type { Format } from './format/format.ts';
import type { KernelConfig } from './kernel/kernel.ts';
import type { Shape } from './tensor/shape.ts';
import type { Tensor } from './tensor/tensor.ts';

export type { Backend, BackendPlugin, DataHandle } from './backend/backend.ts';
export { BACKEND_API_VERSION } from './backend/backend.ts';
export type { BackendState, BackendStatus, Logger } from './backend/backend-registry.ts';
export { BackendRegistry } from './backend/backend-registry.ts';
export { HostBackend } from './backend/host-backend.ts';
export type { DispatchPlan } from './engine/dispatch-plan.ts';
export { FALLBACK_BACKEND } from './engine/dispatch-plan.ts';
export type {
  EngineStats,
  Float16ArrayLike,
  NumericArray,
  RunOptions,
  StorageOptions,
  TensorOptions,
} from './engine/engine.ts';
export { Engine, engine } from './engine/engine.ts';
export { ErrorCode } from './errors/error-codes.ts';
export type { LowbitErrorOptions } from './errors/lowbit-error.ts';
export { LowbitError } from './errors/lowbit-error.ts';
export { didYouMean, editDistance, nearestNames } from './errors/suggest.ts';
export { f16, halfFromFloatBits, halfToFloat } from './format/builtin/f16.ts';
export { f32 } from './format/builtin/f32.ts';
export type { ResolvedEncodeOptions } from './format/codec-support.ts';
export {
  checkCount,
  checkDecodeInput,
  resolveEncodeOptions,
  roundsUp,
} from './format/codec-support.ts';
export { defineFormat } from './format/define-format.ts';
export type {
  BlockLayout,
  EncodeOptions,
  Format,
  FormatFamily,
  FormatRange,
  NanEncoding,
  OverflowMode,
  RoundingMode,
  ScaleLayout,
  ScaleRule,
  SpecialValues,
} from './format/format.ts';
export { isScalarFormat, roundingModes, scaleRules, tensorHeaderBytes } from './format/format.ts';
export type { RegisterFormatOptions } from './format/format-registry.ts';
export {
  FormatRegistry,
  formatCandidates,
  formatRegistry,
  getFormat,
  listFormats,
  registerFormat,
  resolveFormat,
} from './format/format-registry.ts';
export type { ByteSource } from './io/byte-source.ts';
export { blobSource, bytesSource, checkRange } from './io/byte-source.ts';
export type { KernelConfig, KernelContext, KernelFn, KernelResult } from './kernel/kernel.ts';
export { ANY_FORMAT, defineKernel } from './kernel/kernel.ts';
export { KernelRegistry } from './kernel/kernel-registry.ts';
export type {
  AttentionAttrs,
  BlockHadamardAttrs,
  DctAttrs,
  EncodeAttrs,
  FftAttrs,
  FwhtAttrs,
  GetRowsAttrs,
  Int8LinearAttrs,
  MatMulAttrs,
  OpAttrMap,
  OpAttrs,
  OpName,
  RandomHadamardAttrs,
  ReshapeAttrs,
  RmsNormAttrs,
  RopeAttrs,
  WriteRowsAttrs,
} from './kernel/op-names.ts';
export {
  Add,
  Attention,
  BlockHadamard,
  Dct,
  Decode,
  Encode,
  Fft,
  Fwht,
  GetRows,
  IN_PLACE_OPERAND,
  Int8Linear,
  Linear,
  MatMul,
  Mul,
  RandomHadamard,
  Reshape,
  RmsNorm,
  Rope,
  Softmax,
  SwiGlu,
  WriteRows,
} from './kernel/op-names.ts';
export { isPowerOfTwo } from './math/is-power-of-two.ts';
export { attention } from './ops/attention.ts';
export { decode, encode } from './ops/codec.ts';
export { add, mul } from './ops/elementwise.ts';
export { INT8_OUTLIER_THRESHOLD, int8Linear } from './ops/int8-linear.ts';
export { linear, linearGroups, matmul } from './ops/matmul.ts';
export { rmsnorm, rope, softmax, swiglu } from './ops/nn.ts';
export { reshape, view } from './ops/reshape.ts';
export { getRows, rowLayout, WRITABLE_FORMATS, writeRows } from './ops/rows.ts';
export { blockHadamard, dct, fft, fwht, randomHadamard } from './ops/transforms.ts';
export type { Rng } from './rng/xoshiro128.ts';
export { createRng, rngFromState, splitMix64 } from './rng/xoshiro128.ts';
export type { MatmulDims, Shape } from './tensor/shape.ts';
export {
  broadcastShapes,
  checkShape,
  inferShape,
  matmulDims,
  matmulShape,
  sizeOf,
} from './tensor/shape.ts';
export { Storage } from './tensor/storage.ts';
export type { TensorHost, TensorInit } from './tensor/tensor.ts';
export { Tensor } from './tensor/tensor.ts';

// Functions bound to the process-wide engine.

/** Registers a backend plugin and its kernels: `use(cpuBackend())`. */
export function use(plugin: BackendPlugin, options?: { override?: boolean }): void {
  engine.use(plugin, options);
}

export function registerBackend(plugin: BackendPlugin, options?: { override?: boolean }): void;
export function registerBackend(
  name: string,
  factory: () => Backend | Promise<Backend>,
  priority?: number,
): void;
export function registerBackend(
  pluginOrName: BackendPlugin | string,
  factoryOrOptions?: (() => Backend | Promise<Backend>) | { override?: boolean },
  priority?: number,
): void {
  if (typeof pluginOrName === 'string') {
    engine.registerBackend(
      pluginOrName,
      factoryOrOptions as () => Backend | Promise<Backend>,
      priority,
    );
  } else {
    engine.registerBackend(pluginOrName, factoryOrOptions as { override?: boolean } | undefined);
  }
}

export function unregisterBackend(name: string): boolean {
  return engine.unregisterBackend(name);
}

export function registerKernel<O extends string, B extends Backend>(
  config: KernelConfig<O, B>,
): void {
  engine.registerKernel(config);
}

export function unregisterKernel(
  op: string,
  backend: string,
  formats?: readonly string[],
): boolean {
  return engine.unregisterKernel(op, backend, formats);
}

/** Chooses and initialises the best usable backend; resolves to its name. */
export function ready(): Promise<string> {
  return engine.ready();
}

export function setBackend(name: string): Promise<void> {
  return engine.setBackend(name);
}

/** Name of the active backend, once chosen. */
export function getBackendName(): string | undefined {
  return engine.backendName;
}

export function setLogger(logger: Logger): void {
  engine.setLogger(logger);
}

/** A tensor from values (f32 by default; `options.format` to encode into another format). */
export function tensor(values: NumericArray, shape?: Shape, options?: TensorOptions): Tensor {
  return engine.tensor(values, shape, options);
}

/** A tensor over packed bytes in `format` (copied). */
export function fromBytes(
  bytes: Uint8Array,
  shape: Shape,
  format: string | Format,
  options?: StorageOptions,
): Tensor {
  return engine.fromBytes(bytes, shape, format, options);
}

/** Disposes the tensors `fn` makes on the process-wide engine, except those it returns. */
export function tidy<T>(fn: () => T): T {
  return engine.tidy(fn);
}

/** Exempts `tensor` from the enclosing `tidy` scopes. */
export function keep<T extends Tensor>(tensor: T): T {
  return engine.keep(tensor);
}

/** A tensor of zeros (`{ mutable: true }` for a KV cache that writeRows fills). */
export function zeros(shape: Shape, options?: TensorOptions): Tensor {
  return engine.zeros(shape, options);
}
export { packCodes, packedByteLength, unpackCodes } from './format/bit-packing.ts';
export { sliceBits } from './format/check-params.ts';
export type {
  BitDim,
  BitSlice,
  BlockField,
  BlockParams,
  FieldPiece,
  FormatParams,
  IntegerParams,
  LutParams,
  MinifloatParams,
  MinifloatPolicy,
  PositParams,
  ScalarParams,
  ValueExpr,
} from './format/format-params.ts';
export { ieeeParams, scalarBits } from './format/format-params.ts';
export type { MinifloatCodec, MinifloatFormat, MinifloatSpec } from './format/minifloat.ts';
export { defineMinifloat, minifloatCodec } from './format/minifloat.ts';
