/**
 * The `Tokenizer` over a `Vocab`: llama.cpp's `llama_vocab::impl::tokenize` (special-token
 * partition, BOS/EOS/SEP rules, SentencePiece's space prefix per fragment) and `token_to_piece`
 * for decoding, with a streaming decoder that holds back incomplete UTF-8.
 */
import { ErrorCode, LowbitError } from '@lowbit/core';
import { bpeTokenize } from './bpe.ts';
import { byteDecode } from './byte-encoding.ts';
import type { MergeCounter } from './merge-counter.ts';
import { compileSplit } from './regex-split.ts';
import { splitSpecial } from './special-split.ts';
import { spmTokenize } from './spm.ts';
import type {
  DecodeTextOptions,
  EncodeTextOptions,
  StreamDecoder,
  Tokenizer,
} from './tokenizer.ts';
import { TokenType, type Vocab } from './vocab.ts';
import { wpmTokenize } from './wpm.ts';

export class VocabTokenizer implements Tokenizer {
  readonly vocab: Vocab;
  /** Merge steps taken so far (tests bound the work of an encode by it). */
  readonly counter: MergeCounter = { mergeSteps: 0 };
  readonly #split: (text: string) => string[];

  constructor(vocab: Vocab) {
    this.vocab = vocab;
    this.#split = compileSplit(vocab.spec.preRegexes ?? []);
  }

  get kind() {
    return this.vocab.spec.algorithm;
  }
  get vocabSize(): number {
    return this.vocab.size;
  }
  get bos(): number | undefined {
    return this.vocab.spec.bos;
  }
  get eos(): number | undefined {
    return this.vocab.spec.eos;
  }

  piece(id: number): string {
    return this.vocab.texts[this.#checkId(id)]!;
  }

  tokenToPiece(id: number): Uint8Array {
    const bytes: number[] = [];
    this.#pieceBytes(this.#checkId(id), true, bytes);
    return Uint8Array.from(bytes);
  }

  encode(text: string, options: EncodeTextOptions = {}): number[] {
    const { spec } = this.vocab;
    const addSpecial = options.addSpecial ?? true;
    const addBos = options.addBos ?? (addSpecial && (spec.algorithm === 'wpm' || spec.addBos));
    const addEos = options.addEos ?? (addSpecial && spec.addEos);
    const addSep = addSpecial && spec.algorithm === 'wpm';
    const out: number[] = [];
    if (addBos) out.push(required(spec.bos, 'BOS'));
    let prevSpecial = true;
    for (const fragment of splitSpecial(this.vocab, text, options.parseSpecial ?? false)) {
      if ('token' in fragment) {
        out.push(fragment.token);
        prevSpecial = true;
        continue;
      }
      const prefixed = spec.addSpacePrefix && prevSpecial ? ` ${fragment.text}` : fragment.text;
      if (spec.algorithm === 'spm')
        spmTokenize(this.vocab, prefixed.replaceAll(' ', '\u2581'), out, this.counter);
      else if (spec.algorithm === 'bpe')
        bpeTokenize(this.vocab, this.#split, prefixed, out, this.counter);
      else wpmTokenize(this.vocab, fragment.text, out);
      prevSpecial = false;
    }
    if (addEos) out.push(required(spec.eos, 'EOS'));
    if (addSep) out.push(required(spec.sep, 'SEP'));
    return out;
  }

  decode(ids: readonly number[], options: DecodeTextOptions = {}): string {
    const stream = this.streamDecoder(options);
    let text = '';
    for (const id of ids) text += stream.push(id);
    return text + stream.flush();
  }

  streamDecoder(options: DecodeTextOptions = {}): StreamDecoder {
    const decoder = new TextDecoder('utf-8');
    // SentencePiece drops the space it prefixed to the text after each special token.
    let stripSpace = this.vocab.spec.addSpacePrefix;
    return {
      push: (id) => {
        const bytes: number[] = [];
        const special = this.#pieceBytes(this.#checkId(id), options.special ?? false, bytes);
        if (special) stripSpace = this.vocab.spec.addSpacePrefix;
        else if (bytes.length > 0) {
          if (stripSpace && bytes[0] === 0x20) bytes.shift();
          stripSpace = false;
        }
        return decoder.decode(new Uint8Array(bytes), { stream: true });
      },
      flush: () => decoder.decode(),
    };
  }

  /** llama.cpp's `token_to_piece`; returns whether the token is a special (non-text) one. */
  #pieceBytes(id: number, special: boolean, out: number[]): boolean {
    const { vocab } = this;
    const text = vocab.texts[id]!;
    const type = vocab.type(id);
    const encoder = new TextEncoder();
    switch (type) {
      case TokenType.Control:
      case TokenType.Unknown:
        if (special) out.push(...encoder.encode(text));
        return true;
      case TokenType.UserDefined:
        out.push(...encoder.encode(text));
        return true;
      case TokenType.Byte:
        out.push(Number.parseInt(text.slice(3, 5), 16));
        return false;
      case TokenType.Normal:
        if (vocab.spec.algorithm === 'bpe' && vocab.spec.byteEncode !== false)
          byteDecode(text, out);
        else out.push(...encoder.encode(text.replaceAll('\u2581', ' ')));
        return false;
      default:
        return false;
    }
  }

  #checkId(id: number): number {
    if (!Number.isInteger(id) || id < 0 || id >= this.vocab.size)
      throw new LowbitError(
        ErrorCode.Argument,
        `Token id ${id} is outside the vocabulary (0..${this.vocab.size - 1}); pass ids this tokenizer produced.`,
        { details: { id, vocabSize: this.vocab.size } },
      );
    return id;
  }
}

function required(id: number | undefined, what: string): number {
  if (id === undefined)
    throw new LowbitError(
      ErrorCode.Argument,
      `This vocabulary has no ${what} token; encode with addSpecial: false (or addBos/addEos: false).`,
      { details: { token: what } },
    );
  return id;
}
