/**
 * `tokenizerFromGguf`: a tokenizer from GGUF metadata (`tokenizer.ggml.*`, as llama.cpp's
 * `llama_vocab::impl::load` reads it: model, tokens, scores, token_type, merges, pre, special
 * ids, add_bos/add_eos/add_space_prefix, BERT normalizer flags). Every value is checked: a
 * missing key, a wrong type, an array shorter than the vocabulary, a claimed size over the
 * limits or an id outside the vocabulary is a coded error.
 */
import { ErrorCode, LowbitError } from '@lowbit/core';
import type { GgufArray, GgufScalar, GgufValue } from '@lowbit/gguf';
import { preTokenizer } from './pre-tokenizer.ts';
import { Vocab, type VocabAlgorithm, type VocabSpec } from './vocab.ts';
import { VocabTokenizer } from './vocab-tokenizer.ts';

/** Largest vocabulary / merge list accepted (the largest real vocabularies are ~260k). */
export const MAX_VOCAB = 1 << 22;
export const MAX_MERGES = 1 << 23;

export type GgufMetadata = ReadonlyMap<string, GgufValue>;

const ALGORITHMS: Readonly<Record<string, VocabAlgorithm>> = {
  llama: 'spm',
  gpt2: 'bpe',
  bert: 'wpm',
};

function corrupt(key: string, what: string): LowbitError {
  return new LowbitError(
    ErrorCode.FileCorrupt,
    `GGUF metadata "${key}" ${what}; re-convert the model.`,
    {
      details: { key },
    },
  );
}

function value(meta: GgufMetadata, key: string): GgufScalar | GgufArray | undefined {
  return meta.get(key)?.value;
}

function array(
  meta: GgufMetadata,
  key: string,
  limit: number,
  minLength = 0,
): GgufArray['items'] | undefined {
  const v = value(meta, key);
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || !('items' in v)) throw corrupt(key, 'is not an array');
  const length = (v as { length?: number }).length ?? v.items.length;
  if (!Number.isSafeInteger(length) || length > limit)
    throw corrupt(key, `claims ${length} items, over the limit of ${limit}`);
  if (length < minLength)
    throw corrupt(key, `has ${length} items, fewer than the ${minLength} tokens`);
  return v.items;
}

function strings(items: GgufArray['items'], key: string): string[] {
  return Array.from(items as readonly unknown[], (s, i) => {
    if (typeof s !== 'string') throw corrupt(key, `item ${i} is not a string`);
    return s;
  });
}

function numbers(items: GgufArray['items'], key: string, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = items[i];
    if (typeof x !== 'number') throw corrupt(key, `item ${i} is not a number`);
    out[i] = x;
  }
  return out;
}

function flag(meta: GgufMetadata, key: string, fallback: boolean): boolean {
  const v = value(meta, key);
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw corrupt(key, 'is not a bool');
  return v;
}

function tokenId(
  meta: GgufMetadata,
  key: string,
  fallback: number | undefined,
  n: number,
): number | undefined {
  const v = value(meta, key);
  if (v === undefined) return fallback !== undefined && fallback < n ? fallback : undefined;
  const id = typeof v === 'bigint' ? Number(v) : v;
  if (typeof id !== 'number' || !Number.isInteger(id)) throw corrupt(key, 'is not an integer');
  // Converters write -1 (as u32: 0xFFFFFFFF) for "no such token".
  if (id === -1 || id === 0xffffffff)
    return fallback !== undefined && fallback < n ? fallback : undefined;
  if (id < 0 || id >= n) throw corrupt(key, `is ${id}, outside the ${n}-token vocabulary`);
  return id;
}

/** The vocabulary description of GGUF metadata (what `tokenizerFromGguf` builds on). */
export function vocabSpecFromGguf(meta: GgufMetadata): VocabSpec {
  const model = value(meta, 'tokenizer.ggml.model');
  if (typeof model !== 'string')
    throw corrupt('tokenizer.ggml.model', 'is missing or not a string');
  const algorithm = ALGORITHMS[model];
  if (!algorithm)
    throw new LowbitError(
      ErrorCode.Unsupported,
      `Tokenizer model "${model}" is not supported; supported: ${Object.keys(ALGORITHMS).join(', ')}.`,
      { details: { model, supported: Object.keys(ALGORITHMS) } },
    );
  const tokenItems = array(meta, 'tokenizer.ggml.tokens', MAX_VOCAB);
  if (!tokenItems || tokenItems.length === 0)
    throw corrupt('tokenizer.ggml.tokens', 'is missing or empty');
  const tokens = strings(tokenItems, 'tokenizer.ggml.tokens');
  const n = tokens.length;
  const scoreItems = array(meta, 'tokenizer.ggml.scores', MAX_VOCAB, n);
  const typeItems = array(meta, 'tokenizer.ggml.token_type', MAX_VOCAB, n);
  const spec: VocabSpec = {
    algorithm,
    tokens,
    scores: scoreItems && numbers(scoreItems, 'tokenizer.ggml.scores', n),
    types: typeItems && numbers(typeItems, 'tokenizer.ggml.token_type', n),
    addBos: algorithm !== 'bpe',
    addEos: false,
    addSpacePrefix: algorithm === 'spm',
  };
  if (algorithm === 'spm') Object.assign(spec, { bos: 1, eos: 2, unk: 0 });
  if (algorithm === 'wpm') Object.assign(spec, { bos: 101, unk: 100, sep: 102 });
  if (algorithm === 'bpe') {
    const merges = array(meta, 'tokenizer.ggml.merges', MAX_MERGES);
    if (!merges)
      throw corrupt('tokenizer.ggml.merges', 'is missing (a BPE vocabulary needs its merges)');
    const pre = value(meta, 'tokenizer.ggml.pre');
    if (pre !== undefined && typeof pre !== 'string')
      throw corrupt('tokenizer.ggml.pre', 'is not a string');
    const { regexes, byteEncode, flags } = preTokenizer(pre);
    Object.assign(spec, {
      merges: strings(merges, 'tokenizer.ggml.merges'),
      preRegexes: regexes,
      byteEncode,
      ignoreMerges: flags.ignoreMerges ?? false,
      escapeWhitespaces: flags.escapeWhitespaces ?? false,
      addBos: flags.addBos ?? false,
      bos: flags.noBos ? undefined : 11,
      eos: 11,
    });
  }
  spec.bos = tokenId(meta, 'tokenizer.ggml.bos_token_id', spec.bos, n);
  spec.eos = tokenId(meta, 'tokenizer.ggml.eos_token_id', spec.eos, n);
  spec.unk = tokenId(meta, 'tokenizer.ggml.unknown_token_id', spec.unk, n);
  spec.sep = tokenId(meta, 'tokenizer.ggml.seperator_token_id', spec.sep, n);
  spec.addBos = flag(meta, 'tokenizer.ggml.add_bos_token', spec.addBos);
  spec.addEos = flag(meta, 'tokenizer.ggml.add_eos_token', spec.addEos);
  // llama.cpp's BPE never prefixes a space, whatever the key says.
  const spacePrefix = flag(meta, 'tokenizer.ggml.add_space_prefix', spec.addSpacePrefix);
  spec.addSpacePrefix = algorithm === 'spm' && spacePrefix;
  spec.lowercase = flag(meta, 'tokenizer.ggml.normalizer.lowercase', true);
  spec.stripAccents = flag(meta, 'tokenizer.ggml.normalizer.strip_accents', spec.lowercase);
  return spec;
}

/** A tokenizer from GGUF metadata (`GgufFile.metadata`). */
export function tokenizerFromGguf(meta: GgufMetadata): VocabTokenizer {
  return new VocabTokenizer(new Vocab(vocabSpecFromGguf(meta)));
}
