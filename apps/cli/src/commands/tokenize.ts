/**
 * `lowbit tokenize MODEL (--text S | --file F)`: the token ids of a text, printed as llama.cpp's
 * `llama-tokenize` prints them (tools/tokenize/tokenize.cpp): one `%6d -> 'piece'` line per token,
 * `--ids` for `[1, 2, …]`, `--show-count` for the total; BOS follows the vocabulary's rule unless
 * `--no-bos`. The tokenizer is the one `generate` uses (GGUF metadata, tokenizer.json, tok*.bin).
 */
import { ErrorCode, LowbitError } from '@lowbit/core';
import type { EncodeTextOptions, Tokenizer } from '@lowbit/llm';
import type { Command } from 'commander';
import { readInput } from '../files.ts';
import type { Io } from '../io.ts';
import { openModelPath, tokenizerFor } from './llm-model.ts';

interface TokenizeFlags {
  text?: string;
  file?: string;
  ids?: boolean;
  json?: boolean;
  showCount?: boolean;
  bos: boolean;
  parseSpecial?: boolean;
  tokenizer?: string;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A piece's text, or, when its bytes are not UTF-8 on their own (a byte token), the hex form
 * llama-tokenize prints where it checks (`<e2 96>`), since a byte cannot be printed alone.
 */
export function pieceText(bytes: Uint8Array): { text: string; valid: boolean } {
  try {
    return { text: strictUtf8.decode(bytes), valid: true };
  } catch {
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    return { text: `<${hex}>`, valid: false };
  }
}

async function textOf(flags: TokenizeFlags): Promise<string> {
  if ((flags.text === undefined) === (flags.file === undefined))
    throw new LowbitError(
      ErrorCode.Usage,
      'tokenize needs exactly one of --text "…" or --file FILE: the text to tokenize.',
    );
  return flags.text ?? new TextDecoder().decode(await readInput(flags.file!));
}

/** llama-tokenize's `common_tokenize(vocab, text, add_special = add_bos, parse_special)`. */
function encodeOptions(flags: TokenizeFlags): EncodeTextOptions {
  return {
    addSpecial: flags.bos,
    parseSpecial: flags.parseSpecial === true,
    ...(!flags.bos && { addBos: false }),
  };
}

function render(tokenizer: Tokenizer, ids: readonly number[], flags: TokenizeFlags): string {
  const pieces = ids.map((id) => pieceText(tokenizer.tokenToPiece(id)));
  if (flags.json)
    return `${JSON.stringify({ tokens: ids.length, ids, pieces: pieces.map((p) => p.text) })}\n`;
  let out = flags.ids
    ? `[${ids.join(', ')}]\n`
    : ids
        .map((id, i) => {
          const { text, valid } = pieces[i]!;
          return `${String(id).padStart(6)} -> '${text}'${valid ? '' : ' (utf-8 decode failure)'}\n`;
        })
        .join('');
  if (flags.showCount) out += `Total number of tokens: ${ids.length}\n`;
  return out;
}

export function registerTokenizeCommand(program: Command, io: Io): void {
  program
    .command('tokenize')
    .argument('<model>', 'a .gguf (a vocab-only one too), llama2.c .bin, or Hugging Face folder')
    .description(
      "print a text's token ids as llama.cpp's llama-tokenize does: `id -> 'piece'` per token",
    )
    .option('--text <text>', 'the text to tokenize')
    .option('--file <file>', 'read the text from a file (UTF-8)')
    .option('--ids', 'print only the ids, as [1, 2, …]')
    .option('--json', 'print {"tokens", "ids", "pieces"} as JSON')
    .option('--show-count', 'print the number of tokens last')
    .option('--no-bos', 'do not add BOS (or the other special tokens the vocabulary adds)')
    .option('--parse-special', 'match control tokens written in the text, such as <s>')
    .option(
      '--tokenizer <file>',
      'tokenizer.json, or a llama2.c tokenizer.bin (default: the model’s own; for a .bin, tok{vocab}.bin or tokenizer.bin beside it)',
    )
    .action(async (modelPath: string, flags: TokenizeFlags) => {
      const text = await textOf(flags);
      const file = await openModelPath(modelPath);
      try {
        const tokenizer = await tokenizerFor(file, modelPath, flags.tokenizer);
        io.stdout(render(tokenizer, tokenizer.encode(text, encodeOptions(flags)), flags));
      } finally {
        await file.close();
      }
    });
}
