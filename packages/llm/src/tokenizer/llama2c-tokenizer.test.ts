import { bytesSource, createRng } from '@lowbit/core';
import { openGguf, tokenizerOf } from '@lowbit/gguf';
import { describe, expect, it } from 'vitest';
import { fixture, sampleText, tok512 } from '../__fixtures__/stories.ts';

describe('llama2.c tokenizer (run.c encode/decode)', () => {
  it('encodes with BOS and the dummy-prefix space, merging by score', async () => {
    const tokenizer = await tok512();
    const ids = tokenizer.encode('Once upon a time');
    expect(ids[0]).toBe(1);
    expect(
      ids
        .slice(1)
        .map((id) => tokenizer.piece(id))
        .join(''),
    ).toBe(' Once upon a time');
    expect(tokenizer.encode('')).toEqual([1]);
    expect(tokenizer.encode('', { addBos: false, addEos: true })).toEqual([2]);
  });

  it('spells characters outside the vocabulary as byte tokens (id = byte + 3)', async () => {
    const tokenizer = await tok512();
    // U+20AC is E2 82 AC in UTF-8; tok512 has no piece for it, so it starts as three byte
    // tokens, which then merge with the prefix space as tok512's byte-level pieces allow.
    expect(tokenizer.piece(0xe2 + 3)).not.toBe('€');
    const ids = tokenizer.encode('€', { addBos: false });
    const bytes = ids.flatMap((id, i) => [...tokenizer.pieceBytes(i === 0 ? 0 : ids[i - 1]!, id)]);
    expect(bytes).toEqual([0x20, 0xe2, 0x82, 0xac]);
    expect(tokenizer.decode(ids)).toBe('€');
  });

  it('decode(encode(s)) === s for text, unicode and random strings', async () => {
    const tokenizer = await tok512();
    const rng = createRng(7);
    const alphabet = ['a', 'Z', ' ', '  ', '\n', '\t', 'é', '日本', '🙂', '"', "'", '<s>', '0x41'];
    const strings = [sampleText().split('\n')[0]!, ' leading', 'trailing ', 'Ünïcödé ✓'];
    for (let i = 0; i < 200; i++) {
      const length = rng.nextU32() % 12;
      strings.push(
        Array.from({ length }, () => alphabet[rng.nextU32() % alphabet.length]).join(''),
      );
    }
    for (const s of strings) expect(tokenizer.decode(tokenizer.encode(s))).toBe(s);
  });

  it('streams id by id to the same text, never splitting a UTF-8 character', async () => {
    const tokenizer = await tok512();
    const text = 'Ünïcödé ✓ 😀 and a story line';
    const ids = tokenizer.encode(text);
    const stream = tokenizer.streamDecoder();
    const chunks = ids.map((id) => stream.push(id));
    chunks.push(stream.flush());
    expect(chunks.join('')).toBe(tokenizer.decode(ids));
    expect(chunks.join('')).toBe(text);
    expect(chunks.some((c) => c.includes('\uFFFD'))).toBe(false);
  });

  it('its scores and merges agree with the GGUF vocabulary of the same model', async () => {
    const tokenizer = await tok512();
    const gguf = tokenizerOf(await openGguf(bytesSource(fixture('gguf/stories260K.gguf'))));
    const ids = tokenizer.encode(sampleText().split('\n')[2]!);
    // Same ids, the GGUF spelling spaces as U+2581.
    expect(
      ids
        .slice(1)
        .map((id) => gguf.tokens[id]!.replaceAll('▁', ' '))
        .join(''),
    ).toBe(
      ids
        .slice(1)
        .map((id) => tokenizer.piece(id))
        .join(''),
    );
  });

  it('refuses an id outside the vocabulary', async () => {
    const tokenizer = await tok512();
    expect(() => tokenizer.decode([512])).toThrow(expect.objectContaining({ code: 'E_ARGUMENT' }));
  });
});
