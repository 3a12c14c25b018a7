import { ErrorCode } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { tokenizerFromGguf } from './from-gguf.ts';
import { openFixture } from './test-vocab.ts';
import { wpmWords } from './wpm.ts';

/** Seeded random text: ASCII, accents, CJK, emoji (astral, ZWJ sequences), whitespace runs. */
function randomText(seed: number, length: number): string {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const pools = [
    'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
    ' .,;:!?\'"()[]{}<>-_=+*/\\|@#$%^&~`',
    ' \t\n\r  \u00a0\u3000',
    'éüñßøåçÀÉÎÕÜ',
    '日本語中文한국어สวัสดีالعربيةрусский',
    '😀🦙👍🏽👨‍👩‍👧🇫🇷✨🤖',
  ];
  let out = '';
  while ([...out].length < length) {
    const pool = [...pools[Math.floor(next() * pools.length)]!];
    const run = 1 + Math.floor(next() * 6);
    for (let i = 0; i < run; i++) out += pool[Math.floor(next() * pool.length)];
  }
  return out;
}

describe.each(['ggml-vocab-llama-spm.gguf', 'ggml-vocab-gpt-2.gguf'])('%s', (name) => {
  it('decode(encode(s)) === s for 200 seeded random strings', async () => {
    const tokenizer = tokenizerFromGguf((await openFixture(name)).metadata);
    for (let seed = 1; seed <= 200; seed++) {
      const text = randomText(seed, 1 + (seed % 60));
      expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
    }
  });

  it('the stream decoder yields the same text and never a broken character', async () => {
    const tokenizer = tokenizerFromGguf((await openFixture(name)).metadata);
    const text = randomText(7, 300);
    const stream = tokenizer.streamDecoder();
    const parts = tokenizer.encode(text).map((id) => stream.push(id));
    parts.push(stream.flush());
    expect(parts.join('')).toBe(text);
    for (const p of parts) expect(p).not.toMatch(/\uFFFD/);
  });

  it('merge steps grow about linearly with the input (heap of merges, not quadratic)', async () => {
    const tokenizer = tokenizerFromGguf((await openFixture(name)).metadata);
    const steps = (text: string) => {
      tokenizer.counter.mergeSteps = 0;
      tokenizer.encode(text);
      return tokenizer.counter.mergeSteps;
    };
    // One long word with no spaces: the whole text is a single merge problem.
    const short = steps('ab'.repeat(1000));
    const long = steps('ab'.repeat(8000));
    expect(short).toBeGreaterThan(0);
    expect(long / short).toBeLessThan(8 * 1.5);
  });
});

describe('ggml-vocab-bert-bge.gguf (WordPiece)', () => {
  it("round-trips to BERT's normal form: lowercased, accents stripped, words and punctuation space-separated", async () => {
    const tokenizer = tokenizerFromGguf((await openFixture('ggml-vocab-bert-bge.gguf')).metadata);
    for (let seed = 1; seed <= 100; seed++) {
      const text = randomText(seed, 1 + (seed % 40)).replace(/[^\x20-\x7e\s]/gu, '');
      const ids = tokenizer.encode(text, { addSpecial: false });
      if (ids.includes(tokenizer.vocab.spec.unk!)) continue;
      const words = wpmWords(text, true, true);
      expect(tokenizer.decode(ids)).toBe(words.map((w) => ` ${w}`).join(''));
    }
  });

  it('adds [CLS] … [SEP] with addSpecial', async () => {
    const tokenizer = tokenizerFromGguf((await openFixture('ggml-vocab-bert-bge.gguf')).metadata);
    const ids = tokenizer.encode('hello');
    expect([ids[0], ids.at(-1)]).toEqual([101, 102]);
  });
});

describe('stories260K.gguf (512-token SentencePiece vocab)', () => {
  it('encodes "Once upon a time" as llama.cpp does: BOS, then ▁Once ▁upon ▁a ▁time pieces', async () => {
    const tokenizer = tokenizerFromGguf((await openFixture('stories260K.gguf')).metadata);
    const ids = tokenizer.encode('Once upon a time');
    expect(ids[0]).toBe(tokenizer.bos);
    expect(
      ids
        .slice(1)
        .map((id) => tokenizer.piece(id))
        .join(''),
    ).toBe('▁Once▁upon▁a▁time');
    // Highest-score merges win: no piece could be merged with its neighbour into a better token.
    expect(ids.length).toBeLessThan(1 + 'Once upon a time'.length);
    expect(tokenizer.decode(ids)).toBe('Once upon a time');
  });

  it('parseSpecial turns a written <s> into the BOS id, otherwise it is text', async () => {
    const tokenizer = tokenizerFromGguf((await openFixture('stories260K.gguf')).metadata);
    expect(tokenizer.encode('<s>', { addSpecial: false, parseSpecial: true })).toEqual([
      tokenizer.bos,
    ]);
    expect(tokenizer.encode('<s>', { addSpecial: false })).not.toContain(tokenizer.bos);
  });

  it('an id outside the vocabulary is E_ARGUMENT', async () => {
    const tokenizer = tokenizerFromGguf((await openFixture('stories260K.gguf')).metadata);
    expect(() => tokenizer.decode([512])).toThrow(
      expect.objectContaining({ code: ErrorCode.Argument }),
    );
  });
});
