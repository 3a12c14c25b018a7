/**
 * The backend's one table of formats (ggml's type_traits, per STYLE.md §13): for a Format, the
 * WGSL decoder generated from its declared `params` (format-codegen.ts) and its lookup values.
 * Nothing here names a format: a new format with params gets kernels the day it is registered.
 * Where the device has `shader-f16` (and `forceF32` is off), IEEE binary16 storage is read with
 * native f16 loads; every format keeps its f32 path.
 */
import type { Format } from '@lowbit/core';
import { f16Decoder, generateDecoder } from './format-codegen.ts';

export interface FormatTrait {
  /** Cache key part: the format and the variant. */
  key: string;
  /** WGSL defining `packed` (binding 1), `tables` (binding 2, if any) and `decode_bits(i)`. */
  code: string;
  /** f32 bits of every lookup value (binding 2). */
  table?: Uint32Array;
}

export interface TraitFeatures {
  /** `shader-f16` usable (present, not forced off). */
  f16: boolean;
}

const cache = new WeakMap<Format, Map<string, FormatTrait | undefined>>();

function build(format: Format, features: TraitFeatures): FormatTrait | undefined {
  const f16 = features.f16 ? f16Decoder(format.params) : undefined;
  if (f16) return { key: `${format.name}:f16`, ...f16 };
  try {
    return { key: format.name, ...generateDecoder(format.params) };
  } catch {
    return undefined;
  }
}

/** The format's trait, or undefined where its params hold a layout WGSL here cannot express. */
export function formatTrait(
  format: Format,
  features: TraitFeatures = { f16: false },
): FormatTrait | undefined {
  let byVariant = cache.get(format);
  if (!byVariant) {
    byVariant = new Map();
    cache.set(format, byVariant);
  }
  const variant = features.f16 ? 'f16' : 'f32';
  if (!byVariant.has(variant)) byVariant.set(variant, build(format, features));
  return byVariant.get(variant);
}
