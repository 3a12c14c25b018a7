/**
 * `tokenizerFromJson`: a tokenizer from a Hugging Face `tokenizer.json` (tokenizers' serialized
 * form). Supported: BPE models — byte-level (ByteLevel / Split+ByteLevel pre-tokenizers, GPT-2
 * and Llama 3 style) or SentencePiece-style (Prepend/Replace normalizer or Metaspace, with
 * `byte_fallback`) — and WordPiece models with the BERT normalizer and pre-tokenizer. Anything
 * else is a coded error naming the component. The result is the same `Vocab` the GGUF loader
 * builds, so both paths run the same algorithms.
 */
import { ErrorCode, LowbitError } from '@lowbit/core';
import { PRE_TOKENIZER_REGEXES } from './pre-tokenizer-table.generated.ts';
import { TokenType, Vocab, type VocabSpec } from './vocab.ts';
import { VocabTokenizer } from './vocab-tokenizer.ts';

type Json = Record<string, unknown>;

const GPT2_REGEX = PRE_TOKENIZER_REGEXES.GPT2!.regexes[0]!;
const DIGITS_REGEX = '\\p{N}';
const DECODERS = new Set([
  'ByteLevel',
  'Replace',
  'ByteFallback',
  'Fuse',
  'Strip',
  'WordPiece',
  'Metaspace',
]);

function unsupported(component: string, type: unknown): LowbitError {
  return new LowbitError(
    ErrorCode.Unsupported,
    `tokenizer.json ${component} "${String(type)}" is not supported (supported: BPE and WordPiece models with Llama, GPT-2 and BERT style components).`,
    { details: { component, type } },
  );
}

function invalid(what: string): LowbitError {
  return new LowbitError(
    ErrorCode.FileCorrupt,
    `tokenizer.json: ${what}; check the file is a Hugging Face tokenizer.json.`,
    {
      details: { what },
    },
  );
}

const obj = (v: unknown, what: string): Json => {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw invalid(`${what} is not an object`);
  return v as Json;
};

/** HF `(?i:…)` contractions, rewritten as llama.cpp does (JS regexes have no inline flags). */
function adaptRegex(source: string): string {
  return source.replace(
    "(?i:'s|'t|'re|'ve|'m|'ll|'d)",
    "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])",
  );
}

interface PreParts {
  regexes: string[];
  byteEncode: boolean;
  spaceToMeta: boolean;
  prefixSpace: boolean;
  bert: boolean;
}

function preTokenizerParts(pre: unknown, parts: PreParts): void {
  if (pre === null || pre === undefined) return;
  const p = obj(pre, 'pre_tokenizer');
  switch (p.type) {
    case 'Sequence':
      for (const inner of (p.pretokenizers as unknown[]) ?? []) preTokenizerParts(inner, parts);
      return;
    case 'ByteLevel':
      if (p.add_prefix_space === true)
        throw unsupported('pre_tokenizer ByteLevel add_prefix_space', true);
      parts.byteEncode = true;
      if (p.use_regex !== false) parts.regexes.push(GPT2_REGEX);
      return;
    case 'Split': {
      const pattern = obj(p.pattern, 'Split pattern');
      if (typeof pattern.Regex !== 'string' || p.behavior !== 'Isolated' || p.invert === true)
        throw unsupported('pre_tokenizer Split', JSON.stringify(p.pattern));
      parts.regexes.push(adaptRegex(pattern.Regex));
      return;
    }
    case 'Digits':
      parts.regexes.push(p.individual_digits ? DIGITS_REGEX : '\\p{N}+');
      return;
    case 'Metaspace':
      if (p.split === true) throw unsupported('pre_tokenizer Metaspace split', true);
      parts.spaceToMeta = true;
      parts.prefixSpace = p.prepend_scheme !== 'never' && p.add_prefix_space !== false;
      return;
    case 'BertPreTokenizer':
      parts.bert = true;
      return;
    default:
      throw unsupported('pre_tokenizer', p.type);
  }
}

interface NormParts {
  prepend: boolean;
  spaceToMeta: boolean;
  lowercase: boolean;
  stripAccents: boolean;
}

function normalizerParts(norm: unknown, parts: NormParts): void {
  if (norm === null || norm === undefined) return;
  const n = obj(norm, 'normalizer');
  switch (n.type) {
    case 'Sequence':
      for (const inner of (n.normalizers as unknown[]) ?? []) normalizerParts(inner, parts);
      return;
    case 'Prepend':
      if (n.prepend !== '\u2581') throw unsupported('normalizer Prepend', n.prepend);
      parts.prepend = true;
      return;
    case 'Replace': {
      const pattern = obj(n.pattern, 'Replace pattern');
      if (pattern.String !== ' ' || n.content !== '\u2581')
        throw unsupported('normalizer Replace', JSON.stringify(n));
      parts.spaceToMeta = true;
      return;
    }
    case 'BertNormalizer':
      parts.lowercase = n.lowercase !== false;
      parts.stripAccents = typeof n.strip_accents === 'boolean' ? n.strip_accents : parts.lowercase;
      return;
    default:
      throw unsupported('normalizer', n.type);
  }
}

function checkDecoder(dec: unknown): void {
  if (dec === null || dec === undefined) return;
  const d = obj(dec, 'decoder');
  if (d.type === 'Sequence')
    for (const inner of (d.decoders as unknown[]) ?? []) checkDecoder(inner);
  else if (!DECODERS.has(String(d.type))) throw unsupported('decoder', d.type);
}

/** BOS/EOS from a TemplateProcessing post-processor's single-sequence template. */
function template(post: unknown, ids: Map<string, number>): { bos?: number; eos?: number } {
  if (post === null || post === undefined) return {};
  const p = obj(post, 'post_processor');
  if (p.type !== 'TemplateProcessing') return {};
  const single = (p.single as Json[]) ?? [];
  const at = single.findIndex((s) => 'Sequence' in s);
  const special = (s: Json | undefined) =>
    s && 'SpecialToken' in s ? ids.get(String(obj(s.SpecialToken, 'SpecialToken').id)) : undefined;
  return { bos: special(single[at - 1]), eos: special(single[at + 1]) };
}

export function vocabSpecFromJson(text: string): VocabSpec {
  let root: Json;
  try {
    root = obj(JSON.parse(text), 'the top level');
  } catch (e) {
    if (LowbitError.isInstance(e)) throw e;
    throw invalid(`not JSON (${(e as Error).message})`);
  }
  const model = obj(root.model, 'model');
  if (model.type !== 'BPE' && model.type !== 'WordPiece') throw unsupported('model', model.type);
  const vocabJson = obj(model.vocab, 'model.vocab');
  const entries = Object.entries(vocabJson);
  const added = Array.isArray(root.added_tokens) ? (root.added_tokens as Json[]) : [];
  let size = 0;
  for (const [, id] of entries) if (typeof id === 'number') size = Math.max(size, id + 1);
  for (const a of added) if (typeof a.id === 'number') size = Math.max(size, a.id + 1);
  if (!Number.isSafeInteger(size) || size > 1 << 22) throw invalid(`claims ${size} tokens`);
  const wordPiece = model.type === 'WordPiece';
  const prefix =
    typeof model.continuing_subword_prefix === 'string' ? model.continuing_subword_prefix : '##';
  const tokens: string[] = new Array(size).fill('');
  const types = new Uint8Array(size).fill(TokenType.Normal);
  const ids = new Map<string, number>();
  for (const [piece, id] of entries) {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0)
      throw invalid(`vocab id of "${piece}" is ${id}`);
    ids.set(piece, id);
    // llama.cpp's WordPiece form: words carry "▁", continuations lose their "##".
    tokens[id] = !wordPiece
      ? piece
      : piece.startsWith(prefix)
        ? piece.slice(prefix.length)
        : `\u2581${piece}`;
    if (/^<0x[0-9A-F]{2}>$/.test(piece) && model.byte_fallback) types[id] = TokenType.Byte;
  }
  for (const a of added) {
    if (typeof a.id !== 'number' || typeof a.content !== 'string')
      throw invalid('an added token has no id or content');
    ids.set(a.content, a.id);
    tokens[a.id] = a.content;
    types[a.id] = a.special ? TokenType.Control : TokenType.UserDefined;
  }
  const unk = typeof model.unk_token === 'string' ? ids.get(model.unk_token) : undefined;
  if (unk !== undefined) types[unk] = TokenType.Unknown;

  const pre: PreParts = {
    regexes: [],
    byteEncode: false,
    spaceToMeta: false,
    prefixSpace: false,
    bert: false,
  };
  preTokenizerParts(root.pre_tokenizer, pre);
  const norm: NormParts = {
    prepend: false,
    spaceToMeta: false,
    lowercase: false,
    stripAccents: false,
  };
  normalizerParts(root.normalizer, norm);
  checkDecoder(root.decoder);
  const { bos, eos } = template(root.post_processor, ids);

  if (wordPiece) {
    return {
      algorithm: 'wpm',
      tokens,
      types,
      unk,
      bos: ids.get('[CLS]'),
      sep: ids.get('[SEP]'),
      addBos: true,
      addEos: false,
      addSpacePrefix: false,
      lowercase: norm.lowercase,
      stripAccents: norm.stripAccents,
    };
  }
  const merges = model.merges;
  if (!Array.isArray(merges)) throw invalid('model.merges is not an array');
  return {
    algorithm: 'bpe',
    tokens,
    types,
    merges: merges.map((m, i) => {
      if (typeof m === 'string') return m;
      if (
        Array.isArray(m) &&
        m.length === 2 &&
        typeof m[0] === 'string' &&
        typeof m[1] === 'string'
      )
        return [m[0], m[1]] as const;
      throw invalid(`merge ${i} is neither "a b" nor ["a", "b"]`);
    }),
    preRegexes: pre.regexes,
    byteEncode: pre.byteEncode,
    ignoreMerges: model.ignore_merges === true,
    escapeWhitespaces: norm.spaceToMeta || pre.spaceToMeta,
    unk,
    bos,
    eos,
    addBos: bos !== undefined,
    addEos: eos !== undefined,
    addSpacePrefix: norm.prepend || pre.prefixSpace,
  };
}

/** A tokenizer from the text of a Hugging Face `tokenizer.json`. */
export function tokenizerFromJson(text: string): VocabTokenizer {
  return new VocabTokenizer(new Vocab(vocabSpecFromJson(text)));
}
