/**
 * @lowbit/llm — run, evaluate and quantize real language models: exact tokenizers, a
 * Llama-family forward on packed weights through the engine's kernels, perplexity, KL-divergence
 * and generation. Files are opened through `@lowbit/models`; paths in `@lowbit/llm/node`.
 */
// tokenizers (llama.cpp-exact SPM / BPE / WPM, GGUF and tokenizer.json loaders)

// Evaluation: perplexity protocols, KL-divergence against a baseline, re-quantization, transforms.
export type {
  BaselineOptions,
  EvalOptions,
  EvalResult,
  LogitsBaseline,
} from './eval/evaluate.ts';
export { evaluate, recordBaseline } from './eval/evaluate.ts';
export type {
  RequantizeOptions,
  RequantizeReport,
  TensorChange,
  TensorRule,
} from './eval/requantize.ts';
export { matrixBitsPerWeight, RULE_PRESETS, requantizeWeights } from './eval/requantize.ts';
export type { TransformKind, TransformOptions, TransformReport } from './eval/transforms.ts';
export { applyTransform, TRANSFORMS } from './eval/transforms.ts';
export type { Protocol, ScoringWindow, WindowOptions } from './eval/windows.ts';
export { PROTOCOLS, scoringWindows } from './eval/windows.ts';
export { llamaFileType } from './export/file-type.ts';
// Writing a (rotated, re-quantized) model as GGUF, with lowbit.* keys for what ggml cannot store.
export type { GgufExportOptions } from './export/llama-gguf.ts';
export { llamaGgufInput } from './export/llama-gguf.ts';
export { llama2cVocabMetadata } from './export/llama2c-vocab.ts';
// Model loading, the forward pass, sampling, generation and perplexity.
export type { GeneratedToken, GenerateOptions } from './generate.ts';
export { generate } from './generate.ts';
export type { LlamaConfig, RopeStyle } from './model/llama-config.ts';
export { LLAMA_ARCHITECTURES } from './model/llama-config.ts';
export type { ForwardOptions, SessionOptions } from './model/llama-session.ts';
export { applyLinear, LlamaSession } from './model/llama-session.ts';
export type {
  LayerLinear,
  LayerWeights,
  LinearWeight,
  LlamaWeights,
} from './model/llama-weights.ts';
export {
  disposeWeights,
  LAYER_LINEARS,
  linearsOf,
  tensorsOf,
  weightBytes,
} from './model/llama-weights.ts';
export type { LlamaModel, LoadOptions } from './model/load-llama.ts';
export { llamaConfigOf, loadLlama } from './model/load-llama.ts';
export type { LowbitLayout } from './model/lowbit-keys.ts';
export { LOWBIT_VERSION, LowbitKey, lowbitLayoutOf, scalesName } from './model/lowbit-keys.ts';
export { hfTensorName } from './model/tensor-names.ts';
export type { PerplexityOptions, PerplexityResult } from './perplexity.ts';
export { perplexity, sequenceNll } from './perplexity.ts';
export type { Sampler, SamplerOptions } from './sampling.ts';
export { argmax, createSampler } from './sampling.ts';
export type { GgufMetadata } from './tokenizer/from-gguf.ts';
export {
  MAX_MERGES,
  MAX_VOCAB,
  tokenizerFromGguf,
  vocabSpecFromGguf,
} from './tokenizer/from-gguf.ts';
export { tokenizerFromJson } from './tokenizer/from-json.ts';
export { Llama2cTokenizerModel, llama2cTokenizer } from './tokenizer/llama2c-tokenizer.ts';
export { KNOWN_PRE_TOKENIZERS } from './tokenizer/pre-tokenizer.ts';
export type {
  DecodeTextOptions,
  EncodeTextOptions,
  StreamDecoder,
  Tokenizer,
  TokenizerKind,
} from './tokenizer/tokenizer.ts';
export type { VocabAlgorithm, VocabSpec } from './tokenizer/vocab.ts';
export { TokenType, Vocab } from './tokenizer/vocab.ts';
export { VocabTokenizer } from './tokenizer/vocab-tokenizer.ts';
