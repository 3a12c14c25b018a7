/**
 * What every tokenizer implements, whatever its algorithm (SentencePiece BPE, byte-level BPE,
 * WordPiece, llama2.c's scored BPE). Ids are vocabulary indices; `decode(encode(s)) === s` for
 * every string the vocabulary can spell.
 */
export type TokenizerKind = 'spm' | 'bpe' | 'wpm' | 'llama2c';

export interface EncodeTextOptions {
  /** Prepend the beginning-of-sequence token (default: the vocabulary's own rule). */
  addBos?: boolean;
  /** Append the end-of-sequence token (default false). */
  addEos?: boolean;
  /** Match control tokens such as `<s>` written in the text (default false: they are plain text). */
  parseSpecial?: boolean;
}

export interface Tokenizer {
  readonly kind: TokenizerKind;
  readonly vocabSize: number;
  /** Beginning / end of sequence ids, when the vocabulary has them. */
  readonly bos: number | undefined;
  readonly eos: number | undefined;
  encode(text: string, options?: EncodeTextOptions): number[];
  /** The text of a whole id sequence (byte-fallback pieces joined before UTF-8 decoding). */
  decode(ids: readonly number[]): string;
  /** The stored piece of one id, as the vocabulary spells it (for display). */
  piece(id: number): string;
}
