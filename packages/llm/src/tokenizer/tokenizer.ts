/**
 * What every tokenizer implements, whatever its algorithm (SentencePiece BPE, byte-level BPE,
 * WordPiece, llama2.c's scored BPE). Ids are vocabulary indices; `decode(encode(s)) === s` for
 * every string the vocabulary can spell (WordPiece normalizes: see its README section).
 */
export type TokenizerKind = 'spm' | 'bpe' | 'wpm' | 'llama2c';

export interface EncodeTextOptions {
  /**
   * Add the special tokens the vocabulary's rules add (BOS, EOS, BERT's SEP): llama.cpp's
   * `add_special`. Default true; `addBos` / `addEos` override its parts.
   */
  addSpecial?: boolean;
  /** Prepend the beginning-of-sequence token (default: the vocabulary's own rule). */
  addBos?: boolean;
  /** Append the end-of-sequence token (default: the vocabulary's own rule, usually false). */
  addEos?: boolean;
  /** Match control tokens such as `<s>` written in the text (default false: they are plain text). */
  parseSpecial?: boolean;
}

export interface DecodeTextOptions {
  /** Render control and unknown tokens as their text (default false: they render as nothing). */
  special?: boolean;
}

/**
 * Decoding one id at a time, for streaming: `push` returns the text that is complete so far and
 * holds back the bytes of a UTF-8 character that the next ids finish; `flush` ends the stream.
 */
export interface StreamDecoder {
  push(id: number): string;
  flush(): string;
}

export interface Tokenizer {
  readonly kind: TokenizerKind;
  readonly vocabSize: number;
  /** Beginning / end of sequence ids, when the vocabulary has them. */
  readonly bos: number | undefined;
  readonly eos: number | undefined;
  encode(text: string, options?: EncodeTextOptions): number[];
  /** The text of a whole id sequence (byte-fallback pieces joined before UTF-8 decoding). */
  decode(ids: readonly number[], options?: DecodeTextOptions): string;
  /** A decoder for one stream of ids. */
  streamDecoder(options?: DecodeTextOptions): StreamDecoder;
  /** The stored piece of one id, as the vocabulary spells it (for display). */
  piece(id: number): string;
  /**
   * The bytes one id stands for, as llama.cpp's `token_to_piece(special = true)` gives them (what
   * `llama-tokenize` prints): SentencePiece's `▁` as a space, byte tokens as their byte, control
   * tokens as their text. Not UTF-8 on its own for byte tokens.
   */
  tokenToPiece(id: number): Uint8Array;
}
