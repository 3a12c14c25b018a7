/** Node entry points: a model file by path, a Hugging Face folder by directory. */
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ErrorCode, LowbitError } from '@lowbit/core';
import { fileSource } from '@lowbit/core/node';
import { openHfFolderFrom } from '../hf-folder-model.ts';
import type { GgufModel, HfFolderModel, Llama2cModel, SafetensorsModel } from '../model-file.ts';
import type { ModelFolder } from '../model-folder.ts';
import { openModelSource } from '../open-model-source.ts';

export async function openModel(
  path: string,
): Promise<GgufModel | SafetensorsModel | Llama2cModel> {
  return openModelSource(await fileSource(path), basename(path));
}

/** A directory as a ModelFolder: its entries' names, each opened as a regular file on demand. */
export async function directoryFolder(dir: string): Promise<ModelFolder> {
  let files: string[];
  try {
    files = await readdir(dir);
  } catch (cause) {
    throw new LowbitError(
      ErrorCode.FileIo,
      `Cannot list the folder "${dir}": ${(cause as Error).message}. Give the model's directory.`,
      { cause, details: { path: dir } },
    );
  }
  return { name: dir, files, open: (file) => fileSource(join(dir, file)) };
}

export async function openHfFolder(dir: string): Promise<HfFolderModel> {
  return openHfFolderFrom(await directoryFolder(dir));
}
