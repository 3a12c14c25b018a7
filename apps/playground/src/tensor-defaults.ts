/** The tensor lab's defaults, shared by the page and its test. */
import type { GeneratedSource } from './protocol.ts';

/** Transform labels on the page → @lowbit/quant transform specs. */
export const TRANSFORMS: Record<string, string> = {
  none: 'none',
  Hadamard: 'hadamard',
  'random Hadamard': 'rht:0',
  SmoothQuant: 'smooth:0.5',
};

export const DEFAULT_FORMATS = 'int8, fp8_e4m3fn, int4/g32, mxfp4, nvfp4';

export const DEFAULT_TENSOR: GeneratedSource = {
  kind: 'generated',
  distribution: 'outliers',
  rows: 256,
  cols: 128,
  magnitude: 20,
  seed: 1,
};
