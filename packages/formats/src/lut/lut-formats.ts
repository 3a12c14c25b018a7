import { defineLookupTable } from './lookup-table.ts';
import { IQ4_NL_VALUES, NF4_VALUES } from './tables.ts';

export const nf4 = defineLookupTable({
  name: 'nf4',
  summary:
    'NF4 (bitsandbytes/QLoRA): 16 normal quantiles in [−1, 1]; scale per block applied by the quantizer',
  bits: 4,
  table: NF4_VALUES,
});

export const iq4nlTable = defineLookupTable({
  name: 'iq4_nl_table',
  summary:
    'ggml IQ4_NL codebook (−127 … 113) as a scalar 4-bit format; the iq4_nl block type adds f16 scales',
  bits: 4,
  table: IQ4_NL_VALUES,
});

/** Ternary {−1, 0, +1}: code = value + 1, 2 bits each (4 per byte, low bits first); code 3 decodes to NaN. */
export const ternary = defineLookupTable({
  name: 'ternary',
  family: 'ternary',
  summary: 'ternary {−1, 0, +1}: 2-bit codes value+1, 4 per byte; code 3 is invalid (NaN)',
  bits: 2,
  table: [-1, 0, 1],
});

export const lookupTableFormats = [nf4, iq4nlTable, ternary] as const;
