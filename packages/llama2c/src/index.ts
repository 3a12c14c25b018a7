/** @lowbit/llama2c — llama2.c checkpoints and tokenizer.bin. */

export type { Llama2cConfig, Llama2cQ8, Llama2cTensorInfo } from './checkpoint.ts';
export { Llama2cCheckpoint, openLlama2c } from './checkpoint.ts';
export { EXPORT_HEADER_BYTES, EXPORT_MAGIC } from './exported.ts';
export type { Llama2cTokenizer } from './tokenizer.ts';
export { readLlama2cTokenizer } from './tokenizer.ts';
