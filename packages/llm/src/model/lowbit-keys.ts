/**
 * The `lowbit.*` GGUF metadata that records what llama.cpp's types cannot: tensors stored in
 * lowbit's own formats (int4, nvfp4_scaled, fp8_e4m3fn …) and the online Hadamard rotations a
 * rotated model needs at run time. `lowbit quantize` writes these keys (@lowbit/llm's
 * `llamaGgufInput`); `loadLlama` reads them. Documented in apps/cli/README.md ("`lowbit.*` keys").
 *
 * - A tensor in a lowbit-only format is stored as ggml type I8 over its packed bytes (dims =
 *   [byte length]); `lowbit.tensors.names[i]` is stored in `lowbit.tensors.formats[i]`, and its
 *   shape is the one the model config gives.
 * - A linear's per-group scales [out, G] are the f32 tensor `<base>.scales` beside
 *   `<base>.weight` (`blk.0.attn_q.scales`).
 * - `lowbit.online_hadamard.tensors[i]` (a linear's weight name) has its input rotated by the
 *   seeded random Hadamard of `lowbit.online_hadamard.seeds[i]` before the product.
 */
import { ErrorCode, getFormat, LowbitError } from '@lowbit/core';
import type { GgufArray, GgufValue } from '@lowbit/gguf';
import type { ModelFile } from '@lowbit/models';

export const LOWBIT_VERSION = 1;

export const LowbitKey = {
  version: 'lowbit.version',
  format: 'lowbit.quantize.format',
  rotation: 'lowbit.rotation',
  rotationSeed: 'lowbit.rotation.seed',
  tensorNames: 'lowbit.tensors.names',
  tensorFormats: 'lowbit.tensors.formats',
  onlineTensors: 'lowbit.online_hadamard.tensors',
  onlineSeeds: 'lowbit.online_hadamard.seeds',
} as const;

/** `blk.0.attn_q.weight` → `blk.0.attn_q.scales`. */
export const scalesName = (weightName: string) => weightName.replace(/\.weight$/, '.scales');

export interface LowbitLayout {
  /** Tensor name → the lowbit format its bytes are in (tensors stored as I8 blobs). */
  formats: Map<string, string>;
  /** Linear weight name → seed of its online input rotation. */
  online: Map<string, number>;
}

function corrupt(model: ModelFile, message: string): never {
  throw new LowbitError(
    ErrorCode.FileCorrupt,
    `${model.name}: ${message}; the lowbit.* keys are damaged — quantize the model again.`,
  );
}

function items(model: ModelFile, key: string): (string | number)[] {
  const value = model.container === 'gguf' ? model.metadata.get(key) : undefined;
  if (value === undefined) return [];
  const array = value.value as GgufArray;
  if (typeof array !== 'object' || !Array.isArray(array.items))
    corrupt(model, `"${key}" is not an array`);
  return array.items as (string | number)[];
}

function pairs<V>(model: ModelFile, keys: [string, string], check: (v: unknown) => v is V) {
  const names = items(model, keys[0]);
  const values = items(model, keys[1]);
  if (names.length !== values.length)
    corrupt(model, `"${keys[0]}" and "${keys[1]}" have different lengths`);
  const map = new Map<string, V>();
  for (const [i, name] of names.entries()) {
    const value = values[i];
    if (typeof name !== 'string' || !check(value)) corrupt(model, `entry ${i} of "${keys[0]}"`);
    map.set(name, value);
  }
  return map;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isSeed = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** The lowbit layout of a model file (empty for anything but a GGUF written by lowbit). */
export function lowbitLayoutOf(model: ModelFile): LowbitLayout {
  const version: GgufValue | undefined =
    model.container === 'gguf' ? model.metadata.get(LowbitKey.version) : undefined;
  if (version !== undefined && Number(version.value) > LOWBIT_VERSION)
    throw new LowbitError(
      ErrorCode.UnsupportedVersion,
      `${model.name} was written with lowbit metadata version ${version.value}; this lowbit reads ` +
        `version ${LOWBIT_VERSION}. Update lowbit.`,
    );
  const formats = pairs(model, [LowbitKey.tensorNames, LowbitKey.tensorFormats], isString);
  for (const format of formats.values()) getFormat(format);
  const online = pairs(model, [LowbitKey.onlineTensors, LowbitKey.onlineSeeds], isSeed);
  return { formats, online };
}
