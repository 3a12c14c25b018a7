/**
 * A tokenizer vocabulary as llama.cpp's `llama_vocab` holds it: token texts, scores, types
 * (GGUF `tokenizer.ggml.token_type`, llama.h `llama_token_type`), BPE merge ranks and the
 * rules that say which special tokens encoding adds. Loaders (GGUF, tokenizer.json) build one.
 */

/** GGUF token types (llama.h `llama_token_type`). */
export const TokenType = {
  Undefined: 0,
  Normal: 1,
  Unknown: 2,
  Control: 3,
  UserDefined: 4,
  Unused: 5,
  Byte: 6,
} as const;
export type TokenType = (typeof TokenType)[keyof typeof TokenType];

export type VocabAlgorithm = 'spm' | 'bpe' | 'wpm';

export interface VocabSpec {
  algorithm: VocabAlgorithm;
  tokens: readonly string[];
  scores?: ArrayLike<number> | undefined;
  types?: ArrayLike<number> | undefined;
  /** BPE merges, "left right" (split at the first space after position 0, as llama.cpp does) or pairs. */
  merges?: readonly (string | readonly [string, string])[] | undefined;
  /** BPE: the pre-tokenizer regex list applied in order, and whether words are GPT-2 byte-encoded. */
  preRegexes?: readonly string[] | undefined;
  byteEncode?: boolean | undefined;
  ignoreMerges?: boolean | undefined;
  /** Replace ' ' with U+2581 before BPE (SentencePiece-style BPE). */
  escapeWhitespaces?: boolean | undefined;
  bos?: number | undefined;
  eos?: number | undefined;
  unk?: number | undefined;
  sep?: number | undefined;
  addBos: boolean;
  addEos: boolean;
  /** SPM: prefix each text fragment with a space (SentencePiece's dummy prefix). */
  addSpacePrefix: boolean;
  /** WPM normalizer options. */
  lowercase?: boolean | undefined;
  stripAccents?: boolean | undefined;
}

export class Vocab {
  readonly spec: VocabSpec;
  readonly texts: readonly string[];
  readonly #ids = new Map<string, number>();
  readonly #ranks = new Map<string, Map<string, number>>();
  /** Control, user-defined and unknown tokens, longest text first (llama.cpp's special cache). */
  readonly specials: readonly number[];
  /** Longest token, in code points (WordPiece's match window). */
  readonly maxTokenChars: number;

  constructor(spec: VocabSpec) {
    this.spec = spec;
    // llama.cpp renames empty tokens so they never match.
    this.texts = spec.tokens.map((t, i) => (t === '' ? `[EMPTY_${i}]` : t));
    let maxChars = 0;
    this.texts.forEach((t, i) => {
      this.#ids.set(t, i);
      maxChars = Math.max(maxChars, t.length);
    });
    this.maxTokenChars = maxChars;
    (spec.merges ?? []).forEach((m, rank) => {
      const [left, right] = typeof m === 'string' ? splitMerge(m) : m;
      const inner = this.#ranks.get(left) ?? new Map<string, number>();
      this.#ranks.set(left, inner);
      if (!inner.has(right)) inner.set(right, rank);
    });
    const specials: number[] = [];
    for (let i = 0; i < this.texts.length; i++) {
      const t = this.type(i);
      if (t === TokenType.Control || t === TokenType.UserDefined || t === TokenType.Unknown)
        specials.push(i);
    }
    specials.sort((a, b) => this.texts[b]!.length - this.texts[a]!.length || a - b);
    this.specials = specials;
  }

  get size(): number {
    return this.texts.length;
  }

  id(text: string): number | undefined {
    return this.#ids.get(text);
  }

  type(id: number): number {
    return this.spec.types?.[id] ?? TokenType.Normal;
  }

  score(id: number): number {
    return this.spec.scores?.[id] ?? 0;
  }

  rank(left: string, right: string): number | undefined {
    return this.#ranks.get(left)?.get(right);
  }

  /** `<0xXX>`, else the byte as a one-character token (llama.cpp's `byte_to_token`). */
  byteToken(byte: number): number | undefined {
    const hex = byte.toString(16).toUpperCase().padStart(2, '0');
    return this.id(`<0x${hex}>`) ?? (byte < 0x80 ? this.id(String.fromCharCode(byte)) : undefined);
  }
}

function splitMerge(merge: string): [string, string] {
  const at = merge.indexOf(' ', 1);
  return at < 0 ? ['', ''] : [merge.slice(0, at), merge.slice(at + 1)];
}
