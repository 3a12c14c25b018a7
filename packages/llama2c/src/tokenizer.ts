/**
 * llama2.c `tokenizer.bin`: int32 max_token_length, then per token float32 score, int32 byte
 * length, and the bytes (UTF-8, possibly partial sequences for byte tokens). The vocabulary
 * size comes from the checkpoint, not the file.
 */
import { type ByteSource, ErrorCode, LowbitError } from '@lowbit/core';

export interface Llama2cTokenizer {
  maxTokenLength: number;
  /** Raw bytes of each token. */
  tokens: Uint8Array[];
  scores: Float32Array;
}

export async function readLlama2cTokenizer(
  source: ByteSource,
  vocabSize: number,
  name = 'tokenizer.bin',
): Promise<Llama2cTokenizer> {
  if (!(Number.isSafeInteger(vocabSize) && vocabSize > 0))
    throw new LowbitError(ErrorCode.Argument, `vocabSize must be positive, got ${vocabSize}.`);
  if (vocabSize * 8 + 4 > source.size) {
    throw new LowbitError(
      ErrorCode.FileTruncated,
      `${name} has ${source.size} bytes, too few for ${vocabSize} tokens (at least ${vocabSize * 8 + 4}).`,
    );
  }
  const bytes = await source.read(0, source.size);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const maxTokenLength = view.getInt32(0, true);
  if (!(maxTokenLength > 0 && maxTokenLength < 1 << 16)) {
    throw new LowbitError(
      ErrorCode.FileCorrupt,
      `${name}: max_token_length is ${maxTokenLength}, not a plausible length.`,
    );
  }
  const tokens: Uint8Array[] = [];
  const scores = new Float32Array(vocabSize);
  let at = 4;
  for (let i = 0; i < vocabSize; i++) {
    if (at + 8 > bytes.length)
      throw new LowbitError(
        ErrorCode.FileTruncated,
        `${name}: token ${i} starts at ${at}, past the end (${bytes.length}).`,
      );
    scores[i] = view.getFloat32(at, true);
    const length = view.getInt32(at + 4, true);
    at += 8;
    if (length < 0 || length > maxTokenLength) {
      throw new LowbitError(
        ErrorCode.FileCorrupt,
        `${name}: token ${i} claims ${length} bytes (max_token_length is ${maxTokenLength}).`,
        {
          details: { token: i, offset: at - 4 },
        },
      );
    }
    if (at + length > bytes.length)
      throw new LowbitError(
        ErrorCode.FileTruncated,
        `${name}: token ${i}'s ${length} bytes run past the end.`,
      );
    tokens.push(bytes.slice(at, at + length));
    at += length;
  }
  return { maxTokenLength, tokens, scores };
}
