import { ErrorCode } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { tokenizerFromGguf, vocabSpecFromGguf } from './from-gguf.ts';
import { tokenizerFromJson } from './from-json.ts';
import { ggufSpecToJson } from './gguf-to-json.ts';
import { openFixture, vocabTestPairs } from './test-vocab.ts';

describe.each(['ggml-vocab-llama-spm.gguf', 'ggml-vocab-gpt-2.gguf', 'ggml-vocab-bert-bge.gguf'])(
  'tokenizer.json converted from %s',
  (name) => {
    it('gives the same ids as the GGUF path on every llama.cpp test input', async () => {
      const meta = (await openFixture(name)).metadata;
      const fromJson = tokenizerFromJson(ggufSpecToJson(vocabSpecFromGguf(meta)));
      const pairs = vocabTestPairs(name);
      const opts = { addSpecial: false };
      expect(pairs.map((p) => fromJson.encode(p.text, opts))).toEqual(pairs.map((p) => p.ids));
      const fromGguf = tokenizerFromGguf(meta);
      const ids = pairs.map((p) => fromGguf.encode(p.text, opts));
      expect(ids.map((i) => fromJson.decode(i))).toEqual(ids.map((i) => fromGguf.decode(i)));
    });
  },
);

describe('unsupported and malformed tokenizer.json', () => {
  const base = { model: { type: 'BPE', vocab: { a: 0 }, merges: [] } };
  it.each([
    [{ ...base, model: { type: 'Unigram', vocab: [] } }, /model "Unigram"/],
    [{ ...base, normalizer: { type: 'NFKC' } }, /normalizer "NFKC"/],
    [{ ...base, pre_tokenizer: { type: 'Whitespace' } }, /pre_tokenizer "Whitespace"/],
    [{ ...base, decoder: { type: 'CTC' } }, /decoder "CTC"/],
  ])('%j is E_UNSUPPORTED naming the component', (json, message) => {
    expect(() => tokenizerFromJson(JSON.stringify(json))).toThrow(
      expect.objectContaining({
        code: ErrorCode.Unsupported,
        message: expect.stringMatching(message),
      }),
    );
  });

  it.each([
    ['not json {', /not JSON/],
    [JSON.stringify({ model: { type: 'BPE', vocab: { a: 1e12 }, merges: [] } }), /claims/],
    [JSON.stringify({ model: { type: 'BPE', vocab: { a: -1 }, merges: [] } }), /vocab id/],
    [JSON.stringify({ model: { type: 'BPE', vocab: {}, merges: 'x' } }), /merges/],
  ])('%s is E_FILE_CORRUPT', (text, message) => {
    expect(() => tokenizerFromJson(text)).toThrow(
      expect.objectContaining({
        code: ErrorCode.FileCorrupt,
        message: expect.stringMatching(message),
      }),
    );
  });
});
