/**
 * llama.cpp's vocab test pairs (fixtures/gguf/ggml-vocab-*.gguf.inp/.out), encoded as its
 * tests/test-tokenizer-0.cpp does: `common_tokenize(ctx, text, add_special = false,
 * parse_special = false)`. Every pair must match token for token.
 */
import { describe, expect, it } from 'vitest';
import { tokenizerFromGguf } from './from-gguf.ts';
import { openFixture, vocabTestPairs } from './test-vocab.ts';

describe.each([
  ['ggml-vocab-llama-spm.gguf', 'spm'],
  ['ggml-vocab-gpt-2.gguf', 'bpe'],
  ['ggml-vocab-bert-bge.gguf', 'wpm'],
])('%s', (name, kind) => {
  const pairs = vocabTestPairs(name);

  it(`matches llama.cpp on all ${pairs.length} pairs`, async () => {
    const tokenizer = tokenizerFromGguf((await openFixture(name)).metadata);
    expect(tokenizer.kind).toBe(kind);
    expect(pairs.length).toBeGreaterThan(40);
    const got = pairs.map(({ text }) =>
      tokenizer.encode(text, { addSpecial: false, parseSpecial: false }),
    );
    expect(got).toEqual(pairs.map((p) => p.ids));
  });
});
