/** Opens any single-file container from a ByteSource (bytes, a Blob/File, or a file on disk). */
import type { ByteSource } from '@lowbit/core';
import { detectContainer } from './detect.ts';
import { ggufModel } from './gguf-model.ts';
import { llama2cModel } from './llama2c-model.ts';
import type { GgufModel, Llama2cModel, SafetensorsModel } from './model-file.ts';
import { safetensorsModel } from './safetensors-model.ts';

const openers = { gguf: ggufModel, safetensors: safetensorsModel, llama2c: llama2cModel };

/**
 * `name` is used in messages and, for a llama2.c checkpoint (no magic), its `.bin` ending. The
 * source is closed if opening fails; otherwise the model's `close()` closes it.
 */
export async function openModelSource(
  source: ByteSource,
  name: string,
): Promise<GgufModel | SafetensorsModel | Llama2cModel> {
  try {
    return await openers[await detectContainer(source, name)](source, name);
  } catch (error) {
    await source.close?.();
    throw error;
  }
}
