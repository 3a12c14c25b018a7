/** @lowbit/llama2c — llama2.c checkpoints and tokenizer.bin. */

export type { Llama2cConfig, Llama2cTensorInfo } from './checkpoint.ts';
export { Llama2cCheckpoint, openLlama2c } from './checkpoint.ts';
export type { Llama2cTokenizer } from './tokenizer.ts';
export { readLlama2cTokenizer } from './tokenizer.ts';
