/** Typed access to the common metadata keys (llama.*, tokenizer.ggml.*), with coded errors. */
import { ErrorCode, LowbitError } from '@lowbit/core';
import type { GgufFile } from './gguf-file.ts';
import type { GgufArray } from './value-types.ts';

function missing(key: string, what: string): never {
  throw new LowbitError(ErrorCode.FileCorrupt, `GGUF metadata has no usable "${key}" (${what}).`, {
    details: { key },
  });
}

function numberAt(file: GgufFile, key: string, optional = false): number | undefined {
  const v = file.get(key);
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (optional && v === undefined) return undefined;
  return missing(key, 'a number');
}

export function architectureOf(file: GgufFile): string {
  const v = file.get('general.architecture');
  return typeof v === 'string' ? v : missing('general.architecture', 'a string');
}

export interface LlamaHyperparameters {
  architecture: string;
  contextLength: number;
  embeddingLength: number;
  feedForwardLength: number;
  blockCount: number;
  headCount: number;
  headCountKv: number;
  ropeDimensionCount: number | undefined;
  ropeFreqBase: number | undefined;
  rmsNormEpsilon: number;
}

/** `<arch>.*` hyperparameters of a Llama-family model. */
export function llamaHyperparameters(file: GgufFile): LlamaHyperparameters {
  const arch = architectureOf(file);
  const key = (k: string) => `${arch}.${k}`;
  const headCount = numberAt(file, key('attention.head_count'))!;
  return {
    architecture: arch,
    contextLength: numberAt(file, key('context_length'))!,
    embeddingLength: numberAt(file, key('embedding_length'))!,
    feedForwardLength: numberAt(file, key('feed_forward_length'))!,
    blockCount: numberAt(file, key('block_count'))!,
    headCount,
    headCountKv: numberAt(file, key('attention.head_count_kv'), true) ?? headCount,
    ropeDimensionCount: numberAt(file, key('rope.dimension_count'), true),
    ropeFreqBase: numberAt(file, key('rope.freq_base'), true),
    rmsNormEpsilon: numberAt(file, key('attention.layer_norm_rms_epsilon'))!,
  };
}

export interface TokenizerData {
  model: string;
  tokens: string[];
  scores: number[] | undefined;
  tokenTypes: number[] | undefined;
  merges: string[] | undefined;
  bosId: number | undefined;
  eosId: number | undefined;
}

function arrayAt<T>(file: GgufFile, key: string): T[] | undefined {
  const v = file.get(key) as GgufArray | undefined;
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || !('items' in v)) return missing(key, 'an array');
  return v.items as T[];
}

export function tokenizerOf(file: GgufFile): TokenizerData {
  const model = file.get('tokenizer.ggml.model');
  const tokens =
    arrayAt<string>(file, 'tokenizer.ggml.tokens') ??
    missing('tokenizer.ggml.tokens', 'the vocabulary');
  return {
    model: typeof model === 'string' ? model : missing('tokenizer.ggml.model', 'a string'),
    tokens,
    scores: arrayAt<number>(file, 'tokenizer.ggml.scores'),
    tokenTypes: arrayAt<number>(file, 'tokenizer.ggml.token_type'),
    merges: arrayAt<string>(file, 'tokenizer.ggml.merges'),
    bosId: numberAt(file, 'tokenizer.ggml.bos_token_id', true),
    eosId: numberAt(file, 'tokenizer.ggml.eos_token_id', true),
  };
}
