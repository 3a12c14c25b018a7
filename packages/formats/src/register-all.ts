/** Every format this package defines, and the one function that registers them all. */
import { type Format, type FormatRegistry, formatRegistry } from '@lowbit/core';
import { mxFormats } from './block/mx.ts';
import { nvfp4, nvfp4Scaled } from './block/nvfp4.ts';
import { ggmlBlockFormats } from './ggml/ggml-types.ts';
import { any4G128 } from './lut/learned-lut.ts';
import { lookupTableFormats } from './lut/lut-formats.ts';
import { hifloat8 } from './scalar/hifloat8.ts';
import { integerFormats } from './scalar/integers.ts';
import { minifloatFormats } from './scalar/minifloats.ts';
import { positFormats } from './scalar/posit.ts';

export const allFormats: readonly Format[] = [
  ...minifloatFormats,
  ...integerFormats,
  ...positFormats,
  hifloat8,
  ...lookupTableFormats,
  any4G128,
  ...mxFormats,
  nvfp4,
  nvfp4Scaled,
  ...ggmlBlockFormats,
];

/** Registers every format above (idempotent); core's f32 and f16 are already there. */
export function registerAllFormats(registry: FormatRegistry = formatRegistry): void {
  for (const format of allFormats) registry.register(format);
}
