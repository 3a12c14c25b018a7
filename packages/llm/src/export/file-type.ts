/**
 * llama.cpp's `general.file_type` (`enum llama_ftype`, include/llama.h) for a model whose weight
 * matrices are all in one ggml type: the "mostly" type llama-quantize would write, the pure
 * variant (`_S`) for the k-quants. Formats llama.cpp has no file type for give undefined.
 */
const FILE_TYPES: Readonly<Record<string, number>> = {
  f32: 0,
  f16: 1,
  q4_0: 2,
  q4_1: 3,
  q8_0: 7,
  q5_0: 8,
  q5_1: 9,
  q2_K: 10,
  q3_K: 11,
  q4_K: 14,
  q5_K: 16,
  q6_K: 18,
  iq2_xxs: 19,
  iq2_xs: 20,
  iq3_xxs: 23,
  iq1_s: 24,
  iq4_nl: 25,
  iq3_s: 26,
  iq2_s: 28,
  iq4_xs: 30,
  iq1_m: 31,
  bf16: 32,
  tq1_0: 36,
  tq2_0: 37,
  mxfp4: 38,
  nvfp4: 39,
};

export function llamaFileType(format: string): number | undefined {
  return FILE_TYPES[format];
}
