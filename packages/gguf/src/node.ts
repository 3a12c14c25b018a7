/** Node-only GGUF helpers: open a file lazily, write one atomically. */
import { basename } from 'node:path';
import { fileSource, writeFileAtomic } from '@lowbit/core/node';
import { type GgufFile, openGguf } from './gguf-file.ts';
import type { ReadOptions } from './reader.ts';
import { type GgufInput, serializeGguf } from './writer.ts';

export { fileSource, writeFileAtomic };

export async function openGgufFile(
  path: string,
  options: Omit<ReadOptions, 'name'> = {},
): Promise<GgufFile> {
  const source = await fileSource(path);
  try {
    return await openGguf(source, { ...options, name: basename(path) });
  } catch (error) {
    await source.close?.();
    throw error;
  }
}

export async function writeGgufFile(path: string, input: GgufInput): Promise<void> {
  await writeFileAtomic(path, serializeGguf(input));
}
