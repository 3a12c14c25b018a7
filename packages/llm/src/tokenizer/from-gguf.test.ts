import { ErrorCode } from '@lowbit/core';
import { GgufType, type GgufValue } from '@lowbit/gguf';
import { describe, expect, it } from 'vitest';
import { tokenizerFromGguf } from './from-gguf.ts';
import { KNOWN_PRE_TOKENIZERS } from './pre-tokenizer.ts';

const str = (value: string): GgufValue => ({ type: GgufType.STRING, value });
const arr = (itemType: number, items: unknown[]): GgufValue =>
  ({ type: GgufType.ARRAY, value: { itemType, items } }) as GgufValue;

function meta(overrides: Record<string, GgufValue | undefined>): Map<string, GgufValue> {
  const base: Record<string, GgufValue | undefined> = {
    'tokenizer.ggml.model': str('gpt2'),
    'tokenizer.ggml.tokens': arr(GgufType.STRING, ['a', 'b', 'ab']),
    'tokenizer.ggml.merges': arr(GgufType.STRING, ['a b']),
    'tokenizer.ggml.pre': str('gpt-2'),
    ...overrides,
  };
  return new Map(Object.entries(base).filter((e): e is [string, GgufValue] => e[1] !== undefined));
}

const fails = (m: Map<string, GgufValue>, code: string, message: RegExp) =>
  expect(() => tokenizerFromGguf(m)).toThrow(
    expect.objectContaining({ code, message: expect.stringMatching(message) }),
  );

describe('tokenizerFromGguf on hostile metadata', () => {
  it('a minimal valid BPE vocabulary works', () => {
    expect(tokenizerFromGguf(meta({})).encode('ab', { addSpecial: false })).toEqual([2]);
  });

  it('an unknown pre-tokenizer names the value and lists the known ones', () => {
    fails(
      meta({ 'tokenizer.ggml.pre': str('llama9') }),
      ErrorCode.Unsupported,
      /"llama9".*deepseek-coder.*qwen2/,
    );
    expect(KNOWN_PRE_TOKENIZERS).toEqual(
      expect.arrayContaining(['llama-bpe', 'falcon', 'starcoder', 'refact', 'command-r']),
    );
  });

  it('missing keys', () => {
    fails(
      meta({ 'tokenizer.ggml.model': undefined }),
      ErrorCode.FileCorrupt,
      /tokenizer\.ggml\.model/,
    );
    fails(
      meta({ 'tokenizer.ggml.tokens': undefined }),
      ErrorCode.FileCorrupt,
      /tokenizer\.ggml\.tokens/,
    );
    fails(meta({ 'tokenizer.ggml.merges': undefined }), ErrorCode.FileCorrupt, /merges/);
    fails(
      meta({ 'tokenizer.ggml.model': str('t5') }),
      ErrorCode.Unsupported,
      /"t5".*llama, gpt2, bert/,
    );
  });

  it('wrong array lengths and types', () => {
    fails(
      meta({ 'tokenizer.ggml.scores': arr(GgufType.FLOAT32, [0, 1]) }),
      ErrorCode.FileCorrupt,
      /2 items, fewer than the 3/,
    );
    fails(
      meta({ 'tokenizer.ggml.token_type': arr(GgufType.INT32, [1]) }),
      ErrorCode.FileCorrupt,
      /token_type/,
    );
    fails(
      meta({ 'tokenizer.ggml.tokens': arr(GgufType.INT32, [1, 2]) }),
      ErrorCode.FileCorrupt,
      /item 0 is not a string/,
    );
    fails(meta({ 'tokenizer.ggml.tokens': str('abc') }), ErrorCode.FileCorrupt, /not an array/);
    fails(
      meta({ 'tokenizer.ggml.bos_token_id': { type: GgufType.UINT32, value: 7 } }),
      ErrorCode.FileCorrupt,
      /outside the 3-token/,
    );
    fails(
      meta({ 'tokenizer.ggml.add_bos_token': { type: GgufType.UINT8, value: 1 } }),
      ErrorCode.FileCorrupt,
      /not a bool/,
    );
  });

  it('a giant claimed size is refused before anything is read or allocated', () => {
    let touched = 0;
    const items = new Proxy([], {
      get: (target, key) => {
        if (key === 'length') return 2 ** 40;
        touched++;
        return Reflect.get(target, key);
      },
    });
    fails(
      meta({ 'tokenizer.ggml.tokens': arr(GgufType.STRING, items) }),
      ErrorCode.FileCorrupt,
      /claims 1099511627776 items/,
    );
    expect(touched).toBe(0);
  });
});
