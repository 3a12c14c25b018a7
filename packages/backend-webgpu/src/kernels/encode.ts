/**
 * encode f32 → a scalar format (wgsl/kernels/encode.wgsl) through the format's encode table,
 * built once per (format, options) from the format's own codec, so results are the codec's bit
 * for bit under every deterministic rounding and overflow mode. f32 targets are a copy. Block
 * targets (their scales are searched per block) and stochastic rounding are refused with
 * E_UNSUPPORTED: encode on the host (`engine.tensor(values, shape, { format })`) instead.
 */
import {
  defineKernel,
  Encode,
  type EncodeAttrs,
  type EncodeOptions,
  ErrorCode,
  type Format,
  getFormat,
  LowbitError,
  type Tensor,
} from '@lowbit/core';
import { buildEncodeTable, type EncodeTable } from '../encode-table.ts';
import type { WebGpuBackend, WebGpuContext } from '../webgpu-backend.ts';
import { runF32 } from './f32-kernel.ts';

const tables = new WeakMap<Format, Map<string, EncodeTable>>();

function tableFor(format: Format, options: EncodeOptions): { key: string; table: EncodeTable } {
  const key = JSON.stringify(options, Object.keys(options).sort());
  let byOptions = tables.get(format);
  if (!byOptions) {
    byOptions = new Map();
    tables.set(format, byOptions);
  }
  let table = byOptions.get(key);
  if (!table) {
    table = buildEncodeTable(format, options);
    byOptions.set(key, table);
  }
  return { key: `encode:${format.name}:${key}`, table };
}

function refuse(format: Format, why: string): never {
  throw new LowbitError(
    ErrorCode.Unsupported,
    `webgpu cannot encode to ${format.name}: ${why}. Encode on the host (engine.tensor(values, shape, { format })) or on the cpu/wasm backend.`,
    { details: { format: format.name } },
  );
}

/**
 * Records the encoding of `values` f32s from `source` into `target` at element `start` (with
 * `keep`, the neighbouring codes in shared words are kept: an in-place cache write).
 */
export function recordEncode(
  backend: WebGpuBackend,
  format: Format,
  options: EncodeOptions,
  source: GPUBuffer,
  target: GPUBuffer,
  placement: { values: number; start: number; keep: boolean },
): void {
  const { key, table } = tableFor(format, options);
  const runs = table.starts.length;
  const words = new Uint32Array(2 * runs);
  words.set(table.starts);
  words.set(table.codes, runs);
  const { values, start, keep } = placement;
  const firstWord = Math.floor((start * table.bits) / 32);
  const endWord = Math.ceil(((start + values) * table.bits) / 32);
  runF32(backend, 'kernels/encode', {
    count: endWord - firstWord,
    words: [
      values,
      table.bits,
      runs,
      ...table.nan,
      table.nanShift,
      table.positiveInfinity,
      table.negativeInfinity,
      start,
      keep ? 1 : 0,
    ],
    buffers: [source, backend.constant(key, words), target],
  });
}

export const encodeKernel = defineKernel({
  op: Encode,
  backend: 'webgpu',
  formats: ['f32'],
  fn([x]: readonly Tensor[], { format: name, ...options }: EncodeAttrs, context: WebGpuContext) {
    const { backend } = context;
    const format = getFormat(name);
    if (format.params.kind === 'block') refuse(format, 'block formats search their scales');
    if (options.rounding === 'stochastic') refuse(format, 'stochastic rounding is not on the GPU');
    if (options.rng) refuse(format, 'a host random stream cannot drive it');
    const out = backend.output(context, x!.shape, format);
    if (x!.size === 0) return out;
    if (format.bits === 32) {
      backend.copy(backend.buffer(x!), 0, backend.buffer(out), 0, x!.size * 4);
      return out;
    }
    const placement = { values: x!.size, start: 0, keep: false };
    recordEncode(backend, format, options, backend.buffer(x!), backend.buffer(out), placement);
    return out;
  },
});
