/**
 * @lowbit/formats — number formats for lowbit. Call `registerAllFormats()` once to make them
 * available by name (`getFormat('fp8_e4m3fn')`), or use the descriptors directly.
 */

export {
  MX_BLOCK,
  mxFormats,
  mxfp4,
  mxfp6E2m3,
  mxfp6E3m2,
  mxfp8E4m3,
  mxfp8E5m2,
  mxint8,
  sharedExponent,
} from './block/mx.ts';
export { nvfp4, nvfp4Ggml, nvfp4Scaled } from './block/nvfp4.ts';
export type { FormatInfo, StreamDecoder, StreamEncoder } from './bulk.ts';
export { createDecoder, createEncoder, info, streamUnit, values } from './bulk.ts';
export { bitQuants, q1_0, q2_0 } from './ggml/bit-quants.ts';
export type { GgmlBlockFormat, GgmlBlockSpec } from './ggml/ggml-block.ts';
export { defineGgmlBlock, readHalf, writeHalf } from './ggml/ggml-block.ts';
export { formatForGgmlType, ggmlBlockFormats, ggmlTypeOf } from './ggml/ggml-types.ts';
export {
  iq1_m,
  iq1_s,
  iq2_s,
  iq2_xs,
  iq2_xxs,
  iq3_s,
  iq3_xxs,
  iqGridQuants,
} from './ggml/iq-grid-quants.ts';
/** ggml's i-quant grids and sign table (ggml-common.h), for backends that decode them. */
export {
  iq1s_grid,
  iq2s_grid,
  iq2xs_grid,
  iq2xxs_grid,
  iq3s_grid,
  iq3xxs_grid,
  ksigns_iq2xs,
} from './ggml/iq-tables.generated.ts';
export { iq4_nl, iq4_xs, iq4Quants } from './ggml/iq4-quants.ts';
export { kQuants, QK_K, q2_K, q3_K, q4_K, q5_K, q6_K } from './ggml/k-quants.ts';
export { legacyQuants, q4_0, q4_1, q5_0, q5_1, q8_0 } from './ggml/legacy-quants.ts';
export { ternaryQuants, tq1_0, tq2_0 } from './ggml/ternary-quants.ts';
export type { LearnedLutFormat } from './lut/learned-lut.ts';
export { any4G128, defineLearnedLut, fitTable } from './lut/learned-lut.ts';
export type { LookupTableFormat, LookupTableSpec } from './lut/lookup-table.ts';
export { defineLookupTable } from './lut/lookup-table.ts';
export { iq4nlTable, lookupTableFormats, nf4, ternary } from './lut/lut-formats.ts';
export { IQ4_NL_VALUES, NF4_VALUES } from './lut/tables.ts';
export { allFormats, registerAllFormats } from './register-all.ts';
export { hif8Value, hifloat8 } from './scalar/hifloat8.ts';
export type { IntegerFormat, IntegerSpec } from './scalar/integers.ts';
export {
  defineInteger,
  int2,
  int3,
  int4,
  int5,
  int6,
  int8,
  integerFormats,
  uint2,
  uint4,
  uint6,
  uint8,
} from './scalar/integers.ts';
export {
  bf16,
  e8m0,
  fp4E2m1fn,
  fp6E2m3fn,
  fp6E3m2fn,
  fp8E3m4,
  fp8E4m3,
  fp8E4m3b11fnuz,
  fp8E4m3fn,
  fp8E4m3fnuz,
  fp8E5m2,
  fp8E5m2fnuz,
  minifloatFormats,
} from './scalar/minifloats.ts';
export type { PositFormat } from './scalar/posit.ts';
export { definePosit, positFormats, positValue } from './scalar/posit.ts';
export { roundToInteger } from './scalar/round-integer.ts';
