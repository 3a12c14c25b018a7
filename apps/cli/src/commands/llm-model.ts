/**
 * Opening a language model for `generate` and `eval`: the file or Hugging Face folder, an engine
 * with the chosen backend (llm-engine.ts), the Llama weights on it, and the model's exact tokenizer — from GGUF
 * metadata, the folder's tokenizer.json, or for a llama2.c `.bin` a `tokenizer.bin` (`--tokenizer`,
 * or `tok{vocab}.bin` / `tokenizer.bin` beside the model when its token count fits).
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { bytesSource, ErrorCode, LowbitError } from '@lowbit/core';
import {
  type LlamaModel,
  llama2cTokenizer,
  llamaConfigOf,
  loadLlama,
  type Tokenizer,
  tokenizerFromGguf,
  tokenizerFromJson,
} from '@lowbit/llm';
import type { ModelFile } from '@lowbit/models';
import { openHfFolder, openModel } from '@lowbit/models/node';
import { readInput } from '../files.ts';
import { type LlmRunOptions, openLlmEngine } from './llm-engine.ts';

/** A file by path, or a Hugging Face folder (config.json + safetensors + tokenizer.json). */
export async function openModelPath(path: string): Promise<ModelFile> {
  const isFolder = await stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
  return isFolder ? openHfFolder(path) : openModel(path);
}

/** Loads the weights of `file` onto a fresh engine; closing the model releases the engine. */
export async function loadModel(file: ModelFile, options: LlmRunOptions): Promise<LlamaModel> {
  const run = await openLlmEngine(options);
  try {
    const model = await loadLlama(file, { engine: run.engine, backend: run.backend });
    return {
      ...model,
      close: () => {
        model.close();
        run.close();
      },
    };
  } catch (error) {
    run.close();
    throw error;
  }
}

/** How many tokens a llama2.c tokenizer.bin holds: its records walked to the end of the file. */
function llama2cTokenCount(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let count = 0;
  for (let at = 4; at + 8 <= bytes.length; count++) {
    const length = view.getInt32(at + 4, true);
    if (length < 0) return -1;
    at += 8 + length;
  }
  return count;
}

async function llama2cTokenizerFor(file: ModelFile, modelPath: string, vocabSize: number) {
  const folder = dirname(modelPath);
  const candidates = [`tok${vocabSize}.bin`, 'tokenizer.bin'].map((n) => join(folder, n));
  const mismatched: string[] = [];
  for (const path of candidates.filter((p) => existsSync(p))) {
    const bytes = await readInput(path);
    const count = llama2cTokenCount(bytes);
    if (count === vocabSize) return llama2cTokenizer(bytesSource(bytes), vocabSize, path);
    mismatched.push(`${path} holds ${count} tokens`);
  }
  throw new LowbitError(
    ErrorCode.Usage,
    `${file.name} is a llama2.c checkpoint (vocabulary of ${vocabSize}) and no tokenizer.bin for it ` +
      `lies beside it${mismatched.length ? ` (${mismatched.join('; ')})` : ''}; pass --tokenizer tokenizer.bin.`,
    { details: { model: modelPath, vocabSize } },
  );
}

/** A tokenizer file given with --tokenizer: tokenizer.json (HF) or a llama2.c tokenizer.bin. */
async function tokenizerFromPath(path: string, vocabSize: number): Promise<Tokenizer> {
  const bytes = await readInput(path);
  if (path.endsWith('.json')) return tokenizerFromJson(new TextDecoder().decode(bytes));
  return llama2cTokenizer(bytesSource(bytes), vocabSize, path);
}

/**
 * The model's own tokenizer, or the one `--tokenizer` names. The vocabulary size (which only a
 * llama2.c tokenizer.bin needs) is asked for lazily, so a vocab-only GGUF needs no model config.
 */
export async function tokenizerFor(
  file: ModelFile,
  modelPath: string,
  tokenizerPath: string | undefined,
  vocabSize: () => number = () => llamaConfigOf(file).vocabSize,
): Promise<Tokenizer> {
  if (tokenizerPath !== undefined) return tokenizerFromPath(tokenizerPath, vocabSize());
  switch (file.container) {
    case 'gguf':
      return tokenizerFromGguf(file.metadata);
    case 'hf-folder':
      return tokenizerFromPath(join(modelPath, 'tokenizer.json'), vocabSize());
    case 'llama2c':
      return llama2cTokenizerFor(file, modelPath, file.config.vocabSize);
    default:
      throw new LowbitError(
        ErrorCode.Usage,
        `${file.name} carries no tokenizer; pass --tokenizer tokenizer.json (or a llama2.c tokenizer.bin).`,
      );
  }
}
