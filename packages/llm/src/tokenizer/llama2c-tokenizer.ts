/**
 * llama2.c's tokenizer (karpathy/llama2.c run.c `encode`/`decode`, over a `tokenizer.bin`):
 * a dummy-prefix space, each UTF-8 character looked up whole or split into byte tokens (id =
 * byte + 3), then the pair whose merge has the highest score is merged until none is in the
 * vocabulary. Works on bytes, as run.c does: strings here are byte strings (one char per byte).
 */
import { type ByteSource, ErrorCode, LowbitError } from '@lowbit/core';
import { type Llama2cTokenizer, readLlama2cTokenizer } from '@lowbit/llama2c';
import type { EncodeTextOptions, StreamDecoder, Tokenizer } from './tokenizer.ts';

/** run.c's fixed ids: 0 <unk>, 1 <s>, 2 </s>; byte tokens start after them. */
const BOS = 1;
const EOS = 2;
const BYTE_OFFSET = 3;
/** The text llama.cpp's convert-llama2c-to-ggml gives the fixed ids. */
const FIXED_NAMES: Readonly<Record<number, string>> = { 0: '<unk>', [BOS]: '<s>', [EOS]: '</s>' };
const BYTE_PIECE = /^<0x([0-9A-Fa-f]{2})>$/;

const bytesOf = (binary: string) => Uint8Array.from(binary, (c) => c.charCodeAt(0));

export class Llama2cTokenizerModel implements Tokenizer {
  readonly kind = 'llama2c';
  readonly bos = BOS;
  readonly eos = EOS;
  readonly vocabSize: number;
  /** Each token's bytes as a byte string. */
  private readonly pieces: string[];
  private readonly scores: Float32Array;
  /** Byte string → id (the first id when the vocabulary repeats a string). */
  private readonly ids = new Map<string, number>();

  /** The tokenizer.bin as read (raw token bytes and scores). */
  readonly data: Llama2cTokenizer;

  constructor(data: Llama2cTokenizer) {
    this.data = data;
    this.vocabSize = data.tokens.length;
    // run.c compares C strings: a piece ends at its first NUL byte.
    this.pieces = data.tokens.map((t) => {
      const end = t.indexOf(0);
      return String.fromCharCode(...(end < 0 ? t : t.subarray(0, end)));
    });
    this.scores = data.scores;
    for (const [id, piece] of this.pieces.entries())
      if (!this.ids.has(piece)) this.ids.set(piece, id);
  }

  /** run.c `encode(text, bos, eos)`: addBos defaults to true, as run.c's generate and chat use it. */
  encode(text: string, options: EncodeTextOptions = {}): number[] {
    const bytes = new TextEncoder().encode(text);
    const tokens: number[] = [];
    if (options.addBos ?? true) tokens.push(BOS);
    const prefix = this.ids.get(' ');
    if (bytes.length > 0 && prefix !== undefined) tokens.push(prefix);
    for (let i = 0; i < bytes.length; ) {
      // One UTF-8 character: a lead byte and up to three continuation bytes (as run.c groups them).
      let end = i + 1;
      while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80 && end - i < 4) end++;
      // A byte string, as the pieces are: not TextDecoder('latin1'), which browsers (per the
      // WHATWG Encoding spec) read as windows-1252, mapping 0x80–0x9F elsewhere.
      const char = String.fromCharCode(...bytes.subarray(i, end));
      const id = this.ids.get(char);
      if (id !== undefined) tokens.push(id);
      else for (let b = i; b < end; b++) tokens.push(bytes[b]! + BYTE_OFFSET);
      i = end;
    }
    this.merge(tokens);
    if (options.addEos) tokens.push(EOS);
    return tokens;
  }

  /** Merges the best-scoring pair (leftmost on ties; BOS included, as run.c) until none merges. */
  private merge(tokens: number[]): void {
    for (;;) {
      let bestScore = -1e10;
      let bestId = -1;
      let bestAt = -1;
      for (let i = 0; i + 1 < tokens.length; i++) {
        const id = this.ids.get(this.pieces[tokens[i]!]! + this.pieces[tokens[i + 1]!]!);
        if (id !== undefined && this.scores[id]! > bestScore) {
          bestScore = this.scores[id]!;
          bestId = id;
          bestAt = i;
        }
      }
      if (bestAt < 0) return;
      tokens.splice(bestAt, 2, bestId);
    }
  }

  /**
   * run.c `decode(prev, token)` over the sequence: a leading space is dropped after BOS (and at
   * the start), `<0xXX>` pieces are raw bytes, and BOS/EOS print nothing; the bytes are then
   * decoded as UTF-8.
   */
  decode(ids: readonly number[]): string {
    const stream = this.streamDecoder();
    let text = '';
    for (const id of ids) text += stream.push(id);
    return text + stream.flush();
  }

  /** `decode` one id at a time; an incomplete UTF-8 character waits for its next bytes. */
  streamDecoder(): StreamDecoder {
    const utf8 = new TextDecoder('utf-8');
    let prev = BOS;
    return {
      push: (id) => {
        this.checkId(id);
        const bytes = id === BOS || id === EOS ? new Uint8Array(0) : this.pieceBytes(prev, id);
        prev = id;
        return utf8.decode(bytes, { stream: true });
      },
      flush: () => utf8.decode(),
    };
  }

  /** The bytes run.c prints for `id` after `prev`. */
  pieceBytes(prev: number, id: number): Uint8Array {
    let piece = this.pieces[id]!;
    if (prev === BOS && piece.startsWith(' ')) piece = piece.slice(1);
    const byte = BYTE_PIECE.exec(piece);
    return byte ? Uint8Array.of(Number.parseInt(byte[1]!, 16)) : bytesOf(piece);
  }

  /** llama.cpp's converter names run.c's fixed ids `<unk>`, `<s>`, `</s>`; others are their bytes. */
  tokenToPiece(id: number): Uint8Array {
    this.checkId(id);
    const fixed = FIXED_NAMES[id];
    return fixed ? new TextEncoder().encode(fixed) : this.pieceBytes(EOS, id);
  }

  piece(id: number): string {
    this.checkId(id);
    return new TextDecoder().decode(bytesOf(this.pieces[id]!));
  }

  private checkId(id: number): void {
    if (!(Number.isInteger(id) && id >= 0 && id < this.vocabSize))
      throw new LowbitError(
        ErrorCode.Argument,
        `token id ${id} is not in the ${this.vocabSize}-token vocabulary.`,
        { details: { id } },
      );
  }
}

/** A tokenizer.bin read for a model with `vocabSize` tokens. */
export async function llama2cTokenizer(
  source: ByteSource,
  vocabSize: number,
  name?: string,
): Promise<Llama2cTokenizerModel> {
  return new Llama2cTokenizerModel(await readLlama2cTokenizer(source, vocabSize, name));
}
