/**
 * SentencePiece BPE with scores and byte fallback: llama.cpp's `llm_tokenizer_spm_session`
 * (src/llama-vocab.cpp). Start from UTF-8 characters, repeatedly merge the adjacent pair whose
 * concatenation is the highest-scoring token (ties: leftmost), then map every symbol to its
 * token — or, through the merges that built it, to smaller ones, or to `<0xXX>` byte tokens.
 */
import type { MergeCounter } from './merge-counter.ts';
import { PriorityQueue } from './priority-queue.ts';
import { type Bigram, charSymbols, mergeBigrams } from './symbol-merge.ts';
import { utf8 } from './unicode.ts';
import type { Vocab } from './vocab.ts';

interface SpmBigram extends Bigram {
  score: number;
}

export function spmTokenize(
  vocab: Vocab,
  text: string,
  out: number[],
  counter: MergeCounter,
): void {
  const symbols = charSymbols(text);
  const queue = new PriorityQueue<SpmBigram>(
    (a, b) => a.score > b.score || (a.score === b.score && a.left < b.left),
  );
  const revMerge = new Map<string, [number, number]>();
  const tryAdd = (left: number, right: number) => {
    if (left < 0 || right < 0) return;
    const l = symbols[left]!;
    const piece = text.slice(l.start, l.start + l.n + symbols[right]!.n);
    const id = vocab.id(piece);
    if (id === undefined) return;
    queue.push({ left, right, score: vocab.score(id), size: piece.length });
    revMerge.set(piece, [left, right]);
  };
  mergeBigrams(symbols, queue, tryAdd, counter);

  const resegment = (index: number) => {
    const s = symbols[index]!;
    const piece = text.slice(s.start, s.start + s.n);
    const id = vocab.id(piece);
    if (id !== undefined) {
      out.push(id);
      return;
    }
    const parts = revMerge.get(piece);
    if (parts) {
      resegment(parts[0]);
      resegment(parts[1]);
      return;
    }
    for (const byte of utf8(piece)) {
      const byteId = vocab.byteToken(byte) ?? vocab.spec.unk;
      if (byteId !== undefined) out.push(byteId);
    }
  };
  for (let i = symbols.length > 0 ? 0 : -1; i !== -1; i = symbols[i]!.next) resegment(i);
}
