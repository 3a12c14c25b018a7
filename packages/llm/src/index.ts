/**
 * @lowbit/llm — run, evaluate and quantize real language models: exact tokenizers, a
 * Llama-family forward on packed weights through the engine's kernels, perplexity, KL-divergence
 * and generation. Files are opened through `@lowbit/models`; paths in `@lowbit/llm/node`.
 */
export type { EncodeTextOptions, Tokenizer, TokenizerKind } from './tokenizer/tokenizer.ts';
