/**
 * A llama2.c tokenizer.bin as GGUF tokenizer metadata, exactly as llama.cpp's
 * examples/convert-llama2c-to-ggml writes it (`load_vocab`): ids 0, 1, 2 named `<unk>`, `<s>`,
 * `</s>` (unknown, control, control), empty pieces control, `<0xXX>` pieces byte tokens, spaces
 * written as `▁`; model `llama`, BOS 1, EOS 2, UNK 0, no separator or padding.
 */
import { GgufType, type GgufValue } from '@lowbit/gguf';
import type { Llama2cTokenizerModel } from '../tokenizer/llama2c-tokenizer.ts';
import { TokenType } from '../tokenizer/vocab.ts';

/** llama.cpp's LLAMA_TOKEN_NULL written as a u32. */
const TOKEN_NULL = 0xffffffff;
const FIXED: Readonly<Record<number, [string, number]>> = {
  0: ['<unk>', TokenType.Unknown],
  1: ['<s>', TokenType.Control],
  2: ['</s>', TokenType.Control],
};

export function llama2cVocabMetadata(tokenizer: Llama2cTokenizerModel): Map<string, GgufValue> {
  const utf8 = new TextDecoder();
  const texts: string[] = [];
  const types: number[] = [];
  for (const [id, bytes] of tokenizer.data.tokens.entries()) {
    const text = utf8.decode(bytes);
    const [name, type]: [string, number] =
      FIXED[id] ??
      (text === ''
        ? [text, TokenType.Control]
        : /^<0x[0-9A-Fa-f]{2}>/.test(text)
          ? [text, TokenType.Byte]
          : [text, TokenType.Normal]);
    texts.push(name.replaceAll(' ', '\u2581'));
    types.push(type);
  }
  const u32 = (value: number): GgufValue => ({ type: GgufType.UINT32, value });
  const array = (itemType: number, items: unknown): GgufValue =>
    ({ type: GgufType.ARRAY, value: { itemType, items } }) as GgufValue;
  return new Map<string, GgufValue>([
    ['tokenizer.ggml.tokens', array(GgufType.STRING, texts)],
    ['tokenizer.ggml.scores', array(GgufType.FLOAT32, [...tokenizer.data.scores])],
    ['tokenizer.ggml.token_type', array(GgufType.INT32, types)],
    ['tokenizer.ggml.model', { type: GgufType.STRING, value: 'llama' }],
    ['tokenizer.ggml.unknown_token_id', u32(0)],
    ['tokenizer.ggml.bos_token_id', u32(1)],
    ['tokenizer.ggml.eos_token_id', u32(2)],
    ['tokenizer.ggml.seperator_token_id', u32(TOKEN_NULL)],
    ['tokenizer.ggml.padding_token_id', u32(TOKEN_NULL)],
  ]);
}
