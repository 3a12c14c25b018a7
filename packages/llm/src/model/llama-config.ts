/**
 * The hyperparameters of a Llama-family graph (llama, mistral, qwen2), read from what each
 * container says: GGUF's `<arch>.*` keys (llama.cpp's llama-model.cpp), a llama2.c checkpoint's
 * 7-int header (run.c), or a Hugging Face config.json (transformers' LlamaConfig/Qwen2Config).
 */
import { ErrorCode, LowbitError } from '@lowbit/core';
import { llamaHyperparameters } from '@lowbit/gguf';
import type { Llama2cConfig } from '@lowbit/llama2c';
import type { GgufModel, HfFolderModel } from '@lowbit/models';

export type RopeStyle = 'interleaved' | 'neox';

export interface LlamaConfig {
  /** Where the graph comes from: `llama`, `mistral`, `qwen2` (GGUF names). */
  architecture: string;
  dim: number;
  hiddenDim: number;
  layers: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  vocabSize: number;
  /** Longest context the model was trained for (the KV cache's default length). */
  contextLength: number;
  rmsEps: number;
  ropeTheta: number;
  /**
   * How q/k pairs rotate: `interleaved` (2i, 2i+1) for GGUF llama/mistral and llama2.c, whose
   * q/k rows are stored in Meta's order; `neox` (i, i + d/2) for qwen2 and for every Hugging
   * Face folder, whose q/k rows transformers permuted for rotate-half.
   */
  ropeStyle: RopeStyle;
  /** q, k and v carry biases (qwen2). */
  qkvBias: boolean;
}

/** Architectures this forward runs, with GGUF's rope convention for each. */
export const LLAMA_ARCHITECTURES: Readonly<Record<string, { rope: RopeStyle; qkvBias: boolean }>> =
  {
    llama: { rope: 'interleaved', qkvBias: false },
    mistral: { rope: 'interleaved', qkvBias: false },
    qwen2: { rope: 'neox', qkvBias: true },
  };

/** Hugging Face `model_type` → GGUF architecture name. */
const HF_ARCHITECTURES: Readonly<Record<string, string>> = {
  llama: 'llama',
  mistral: 'mistral',
  qwen2: 'qwen2',
};

function unsupported(architecture: string, where: string): never {
  throw new LowbitError(
    ErrorCode.Unsupported,
    `${where}: architecture "${architecture}" is not a Llama-family graph this package runs; ` +
      `supported: ${Object.keys(LLAMA_ARCHITECTURES).join(', ')}.`,
    { details: { architecture } },
  );
}

function checked(config: LlamaConfig, where: string): LlamaConfig {
  const { dim, heads, kvHeads, headDim } = config;
  for (const key of ['dim', 'hiddenDim', 'layers', 'heads', 'kvHeads', 'vocabSize'] as const) {
    const value = config[key];
    if (!(Number.isSafeInteger(value) && value > 0))
      throw new LowbitError(ErrorCode.FileCorrupt, `${where}: ${key} is ${value}, not a size.`, {
        details: { field: key },
      });
  }
  if (heads % kvHeads !== 0 || !(Number.isInteger(headDim) && headDim % 2 === 0))
    throw new LowbitError(
      ErrorCode.FileCorrupt,
      `${where}: ${heads} heads of ${headDim} values (dim ${dim}) with ${kvHeads} kv heads do ` +
        'not fit (kv heads must divide heads, headDim be an even integer).',
      { details: { dim, heads, kvHeads, headDim } },
    );
  return config;
}

export function configFromGguf(model: GgufModel): LlamaConfig {
  const hp = llamaHyperparameters(model.gguf);
  const arch = LLAMA_ARCHITECTURES[hp.architecture] ?? unsupported(hp.architecture, model.name);
  const keyLength = model.gguf.get(`${hp.architecture}.attention.key_length`);
  const headDim = typeof keyLength === 'number' ? keyLength : hp.embeddingLength / hp.headCount;
  if (hp.ropeDimensionCount !== undefined && hp.ropeDimensionCount !== headDim)
    throw new LowbitError(
      ErrorCode.Unsupported,
      `${model.name}: rope.dimension_count ${hp.ropeDimensionCount} rotates part of each ` +
        `${headDim}-value head; partial rotary embeddings are not supported.`,
    );
  const embd = model.tensors.find((t) => t.name === 'token_embd.weight');
  // A table in a lowbit-only format is stored as bytes (1-D); its row count is in vocab_size.
  const vocabKey = model.gguf.get(`${hp.architecture}.vocab_size`);
  const vocabSize =
    embd?.shape.length === 2 ? embd.shape[0]! : typeof vocabKey === 'number' ? vocabKey : 0;
  return checked(
    {
      architecture: hp.architecture,
      dim: hp.embeddingLength,
      hiddenDim: hp.feedForwardLength,
      layers: hp.blockCount,
      heads: hp.headCount,
      kvHeads: hp.headCountKv,
      headDim,
      vocabSize,
      contextLength: hp.contextLength,
      rmsEps: hp.rmsNormEpsilon,
      ropeTheta: hp.ropeFreqBase ?? 10000,
      ropeStyle: arch.rope,
      qkvBias: arch.qkvBias,
    },
    model.name,
  );
}

/** run.c's constants: RMSNorm eps 1e-5, θ = 10000, pairs rotated in place. */
export function configFromLlama2c(config: Llama2cConfig, name: string): LlamaConfig {
  return checked(
    {
      architecture: 'llama',
      dim: config.dim,
      hiddenDim: config.hiddenDim,
      layers: config.layers,
      heads: config.heads,
      kvHeads: config.kvHeads,
      headDim: config.dim / config.heads,
      vocabSize: config.vocabSize,
      contextLength: config.seqLen,
      rmsEps: 1e-5,
      ropeTheta: 10000,
      ropeStyle: 'interleaved',
      qkvBias: false,
    },
    name,
  );
}

function field(json: Record<string, unknown>, key: string, where: string, fallback?: number) {
  const value = json[key] ?? fallback;
  if (typeof value !== 'number')
    throw new LowbitError(
      ErrorCode.FileCorrupt,
      `${where}/config.json has no number "${key}"; it is not a complete transformers config.`,
      { details: { key } },
    );
  return value;
}

export function configFromHf(model: HfFolderModel): LlamaConfig {
  const json = model.config;
  const type = String(json.model_type);
  const architecture = HF_ARCHITECTURES[type] ?? unsupported(type, `${model.name}/config.json`);
  const n = (key: string, fallback?: number) => field(json, key, model.name, fallback);
  const dim = n('hidden_size');
  const heads = n('num_attention_heads');
  const rotary = json.partial_rotary_factor;
  if (rotary !== undefined && rotary !== 1)
    throw new LowbitError(
      ErrorCode.Unsupported,
      `${model.name}: partial_rotary_factor ${rotary} is not supported (full rotary only).`,
    );
  return checked(
    {
      architecture,
      dim,
      hiddenDim: n('intermediate_size'),
      layers: n('num_hidden_layers'),
      heads,
      kvHeads: n('num_key_value_heads', heads),
      headDim: n('head_dim', dim / heads),
      vocabSize: n('vocab_size'),
      contextLength: n('max_position_embeddings'),
      rmsEps: n('rms_norm_eps', 1e-6),
      ropeTheta: n('rope_theta', 10000),
      ropeStyle: 'neox',
      qkvBias: LLAMA_ARCHITECTURES[architecture]!.qkvBias,
    },
    model.name,
  );
}
