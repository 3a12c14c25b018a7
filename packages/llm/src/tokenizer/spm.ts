/**
 * SentencePiece BPE with scores and byte fallback: llama.cpp's `llm_tokenizer_spm_session`
 * (src/llama-vocab.cpp). Start from UTF-8 characters, repeatedly merge the adjacent pair whose
 * concatenation is the highest-scoring token (ties: leftmost), then map every symbol to its
 * token — or, through the merges that built it, to smaller ones, or to `<0xXX>` byte tokens.
 */
import type { MergeCounter } from './merge-counter.ts';
import { PriorityQueue } from './priority-queue.ts';
import { utf8 } from './unicode.ts';
import type { Vocab } from './vocab.ts';

interface SpmSymbol {
  start: number;
  n: number;
  prev: number;
  next: number;
}

interface SpmBigram {
  left: number;
  right: number;
  score: number;
  size: number;
}

export function spmTokenize(
  vocab: Vocab,
  text: string,
  out: number[],
  counter: MergeCounter,
): void {
  const symbols: SpmSymbol[] = [];
  for (let at = 0; at < text.length; ) {
    const n = text.codePointAt(at)! > 0xffff ? 2 : 1;
    symbols.push({ start: at, n, prev: symbols.length - 1, next: -1 });
    at += n;
  }
  symbols.forEach((s, i) => {
    s.next = i + 1 < symbols.length ? i + 1 : -1;
  });
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
