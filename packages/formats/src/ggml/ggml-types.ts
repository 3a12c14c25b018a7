/**
 * ggml type ids → lowbit formats, for loaders (GGUF stores the id per tensor). Retired ids are
 * absent; ids whose block layout lowbit does not decode yet map to undefined.
 */
import { type Format, f16, f32 } from '@lowbit/core';
import { mxfp4 } from '../block/mx.ts';
import { nvfp4 } from '../block/nvfp4.ts';
import { int8 } from '../scalar/integers.ts';
import { bf16 } from '../scalar/minifloats.ts';
import { bitQuants } from './bit-quants.ts';
import { iqGridQuants } from './iq-grid-quants.ts';
import { iq4Quants } from './iq4-quants.ts';
import { kQuants } from './k-quants.ts';
import { legacyQuants } from './legacy-quants.ts';
import { ternaryQuants } from './ternary-quants.ts';

const byId = new Map<number, Format>([
  [0, f32],
  [1, f16],
  // GGML_TYPE_I8: plain two's-complement bytes.
  [24, int8],
  [30, bf16],
  [39, mxfp4],
  [40, nvfp4],
  ...[
    ...legacyQuants,
    ...kQuants,
    ...iq4Quants,
    ...ternaryQuants,
    ...iqGridQuants,
    ...bitQuants,
  ].map((f) => [f.ggmlType, f] as [number, Format]),
]);

/** The format for a ggml type id, or undefined when lowbit cannot decode it. */
export function formatForGgmlType(id: number): Format | undefined {
  return byId.get(id);
}

/** The ggml type id of a format, or undefined when ggml has none. */
export function ggmlTypeOf(format: Format): number | undefined {
  for (const [id, f] of byId) if (f === format) return id;
  return undefined;
}

/** Every ggml-compatible block format defined in this package (f32/f16/bf16 excluded). */
export const ggmlBlockFormats = [
  ...legacyQuants,
  ...kQuants,
  ...iq4Quants,
  ...ternaryQuants,
  ...iqGridQuants,
  ...bitQuants,
] as const;
