/** @lowbit/quant — quantization recipes (scales, clipping, zero points) and error metrics. */

export type {
  CoveredAnalysis,
  FormatRoundTrip,
  RoundTripper,
  SkippedCombination,
} from './analyze.ts';
export { analyze, analyzeCovered, analyzeOn, codecRoundTripper } from './analyze.ts';
export type { FormatSpec, TransformSpec } from './analyze-specs.ts';
export {
  nominalBitsPerValue,
  parseFormatSpec,
  parseTransformSpec,
} from './analyze-specs.ts';
export { engineRoundTrip } from './engine-round-trip.ts';
export type { Int8OutlierOptions, Int8OutlierWeights } from './llm-int8.ts';
export { quantizeInt8Outliers } from './llm-int8.ts';
export type { ErrorMetrics, QuantReport } from './metrics.ts';
export {
  cosineSimilarity,
  errorMetrics,
  klDivergence,
  maxAbsError,
  mse,
  qsur,
  relativeMse,
  sqnrDb,
} from './metrics.ts';
export type { ClipMethod, Granularity, QuantizedTensor, QuantizeOptions } from './quantize.ts';
export { dequantize, quantize, quantizeTensor, storedBitsPerValue } from './quantize.ts';
export { deserializeQuantized, isQuantizedFile, serializeQuantized } from './quantized-file.ts';
