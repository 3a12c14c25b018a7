/**
 * Byte-level BPE with ranked merges: llama.cpp's `llm_tokenizer_bpe_session`
 * (src/llama-vocab.cpp). Each pre-tokenizer word (GPT-2 byte-encoded unless the vocabulary is
 * SentencePiece-style) starts as characters; the adjacent pair with the lowest merge rank is
 * merged (ties: leftmost) until none is left; symbols missing from the vocabulary fall back to
 * byte tokens.
 */
import { byteEncode } from './byte-encoding.ts';
import type { MergeCounter } from './merge-counter.ts';
import { PriorityQueue } from './priority-queue.ts';
import { type Bigram, charSymbols, type MergeSymbol, mergeBigrams } from './symbol-merge.ts';
import { utf8 } from './unicode.ts';
import type { Vocab } from './vocab.ts';

interface BpeBigram extends Bigram {
  rank: number;
}

export function bpeTokenizeWord(
  vocab: Vocab,
  word: string,
  out: number[],
  counter: MergeCounter,
): void {
  const symbols =
    vocab.spec.ignoreMerges && vocab.id(word) !== undefined
      ? [{ start: 0, n: word.length, prev: -1, next: -1 }]
      : charSymbols(word);
  const queue = new PriorityQueue<BpeBigram>(
    (a, b) => a.rank < b.rank || (a.rank === b.rank && a.left < b.left),
  );
  const text = (s: MergeSymbol) => word.slice(s.start, s.start + s.n);
  const tryAdd = (left: number, right: number) => {
    if (left < 0 || right < 0) return;
    const l = symbols[left]!;
    const r = symbols[right]!;
    const rank = vocab.rank(text(l), text(r));
    if (rank !== undefined) queue.push({ left, right, rank, size: l.n + r.n });
  };
  mergeBigrams(symbols, queue, tryAdd, counter);

  for (const s of symbols) {
    if (s.n === 0) continue;
    const piece = text(s);
    const id = vocab.id(piece);
    if (id !== undefined) {
      out.push(id);
      continue;
    }
    for (const byte of utf8(piece)) {
      const byteId =
        vocab.spec.byteEncode === false ? vocab.byteToken(byte) : asciiToken(vocab, byte);
      if (byteId !== undefined) out.push(byteId);
    }
  }
}

/** llama.cpp looks each byte of the unknown symbol up as a one-byte string; only ASCII can match. */
function asciiToken(vocab: Vocab, byte: number): number | undefined {
  return byte < 0x80 ? vocab.id(String.fromCharCode(byte)) : undefined;
}

export function bpeTokenize(
  vocab: Vocab,
  split: (text: string) => string[],
  text: string,
  out: number[],
  counter: MergeCounter,
): void {
  const escaped = vocab.spec.escapeWhitespaces ? text.replaceAll(' ', '\u2581') : text;
  for (const word of split(escaped)) {
    bpeTokenizeWord(
      vocab,
      vocab.spec.byteEncode === false ? word : byteEncode(utf8(word)),
      out,
      counter,
    );
  }
}
