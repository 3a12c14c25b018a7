/**
 * @lowbit/llm — run, evaluate and quantize real language models: exact tokenizers, a
 * Llama-family forward on packed weights through the engine's kernels, perplexity, KL-divergence
 * and generation. Files are opened through `@lowbit/models`; paths in `@lowbit/llm/node`.
 */
// tokenizers (llama.cpp-exact SPM / BPE / WPM, GGUF and tokenizer.json loaders)
export type { GgufMetadata } from './tokenizer/from-gguf.ts';
export {
  MAX_MERGES,
  MAX_VOCAB,
  tokenizerFromGguf,
  vocabSpecFromGguf,
} from './tokenizer/from-gguf.ts';
export { tokenizerFromJson } from './tokenizer/from-json.ts';
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
