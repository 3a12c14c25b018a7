/** Looking up a `tokenizer.ggml.pre` name in llama.cpp's table, with a coded error for unknown ones. */
import { ErrorCode, LowbitError } from '@lowbit/core';
import {
  PRE_TOKENIZER_NAMES,
  PRE_TOKENIZER_REGEXES,
  type PreTokenizerFlags,
} from './pre-tokenizer-table.generated.ts';

export interface PreTokenizer {
  regexes: readonly string[];
  byteEncode: boolean;
  flags: PreTokenizerFlags;
}

export const KNOWN_PRE_TOKENIZERS: readonly string[] = Object.keys(PRE_TOKENIZER_NAMES);

/** The pre-tokenizer of a GGUF `tokenizer.ggml.pre` value (missing: llama.cpp's "default"). */
export function preTokenizer(name: string | undefined): PreTokenizer {
  const entry = PRE_TOKENIZER_NAMES[name ?? 'default'];
  const table = entry && PRE_TOKENIZER_REGEXES[entry.type];
  if (!entry || !table)
    throw new LowbitError(
      ErrorCode.Unsupported,
      `Unknown pre-tokenizer "tokenizer.ggml.pre" = "${name}". Known: ${KNOWN_PRE_TOKENIZERS.join(', ')}.`,
      { details: { pre: name, known: KNOWN_PRE_TOKENIZERS } },
    );
  return { regexes: table.regexes, byteEncode: table.byteEncode, flags: entry.flags };
}
