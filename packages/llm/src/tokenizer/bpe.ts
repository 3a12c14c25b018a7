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
import { utf8 } from './unicode.ts';
import type { Vocab } from './vocab.ts';

interface BpeSymbol {
  start: number;
  n: number;
  prev: number;
  next: number;
}

interface BpeBigram {
  left: number;
  right: number;
  rank: number;
  size: number;
}

export function bpeTokenizeWord(
  vocab: Vocab,
  word: string,
  out: number[],
  counter: MergeCounter,
): void {
  const symbols: BpeSymbol[] = [];
  if (vocab.spec.ignoreMerges && vocab.id(word) !== undefined) {
    symbols.push({ start: 0, n: word.length, prev: -1, next: -1 });
  } else {
    for (let at = 0; at < word.length; ) {
      const n = word.codePointAt(at)! > 0xffff ? 2 : 1;
      symbols.push({
        start: at,
        n,
        prev: symbols.length - 1,
        next: at + n < word.length ? symbols.length + 1 : -1,
      });
      at += n;
    }
  }
  const queue = new PriorityQueue<BpeBigram>(
    (a, b) => a.rank < b.rank || (a.rank === b.rank && a.left < b.left),
  );
  const text = (s: BpeSymbol) => word.slice(s.start, s.start + s.n);
  const tryAdd = (left: number, right: number) => {
    if (left < 0 || right < 0) return;
    const l = symbols[left]!;
    const r = symbols[right]!;
    const rank = vocab.rank(text(l), text(r));
    if (rank !== undefined) queue.push({ left, right, rank, size: l.n + r.n });
  };
  for (let i = 1; i < symbols.length; i++) tryAdd(i - 1, i);

  for (let bigram = queue.pop(); bigram; bigram = queue.pop()) {
    counter.mergeSteps++;
    const l = symbols[bigram.left]!;
    const r = symbols[bigram.right]!;
    if (l.n === 0 || r.n === 0 || l.n + r.n !== bigram.size) continue;
    l.n += r.n;
    r.n = 0;
    l.next = r.next;
    if (r.next >= 0) symbols[r.next]!.prev = bigram.left;
    tryAdd(l.prev, bigram.left);
    tryAdd(bigram.left, l.next);
  }

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
