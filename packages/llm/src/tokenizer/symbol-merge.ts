/**
 * The symbol list and merge loop the SentencePiece and byte-level BPE sessions share
 * (llama.cpp's `llm_symbol` and the bigram loops in src/llama-vocab.cpp): symbols are a doubly
 * linked list of spans of the text; a queued bigram is stale once either side has changed.
 */
import type { MergeCounter } from './merge-counter.ts';
import type { PriorityQueue } from './priority-queue.ts';

export interface MergeSymbol {
  start: number;
  n: number;
  prev: number;
  next: number;
}

export interface Bigram {
  left: number;
  right: number;
  size: number;
}

/** One symbol per character (a surrogate pair is one), linked in order. */
export function charSymbols(text: string): MergeSymbol[] {
  const symbols: MergeSymbol[] = [];
  for (let at = 0; at < text.length; ) {
    const n = text.codePointAt(at)! > 0xffff ? 2 : 1;
    symbols.push({
      start: at,
      n,
      prev: symbols.length - 1,
      next: at + n < text.length ? symbols.length + 1 : -1,
    });
    at += n;
  }
  return symbols;
}

/**
 * Merges queued bigrams in queue order (right into left) until the queue is empty, offering each
 * merged symbol's new neighbours to `tryAdd`.
 */
export function mergeBigrams<B extends Bigram>(
  symbols: MergeSymbol[],
  queue: PriorityQueue<B>,
  tryAdd: (left: number, right: number) => void,
  counter: MergeCounter,
): void {
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
}
