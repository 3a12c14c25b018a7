import type { GgufModel } from '@lowbit/models';
import { describe, expect, it } from 'vitest';
import { openFixture, tok512 } from '../__fixtures__/stories.ts';
import { llama2cVocabMetadata } from './llama2c-vocab.ts';

describe('llama2cVocabMetadata', () => {
  it('tok512.bin gives the tokenizer keys llama.cpp’s converter wrote into stories260K.gguf', async () => {
    const ours = llama2cVocabMetadata(await tok512());
    const theirs = ((await openFixture('gguf/stories260K.gguf')) as GgufModel).metadata;
    for (const [key, value] of ours) {
      const plain = (v: unknown) =>
        JSON.parse(JSON.stringify(v, (_, x) => (x?.items ? [...x.items] : x)));
      expect(plain(value), key).toEqual(plain(theirs.get(key)));
    }
  });
});
