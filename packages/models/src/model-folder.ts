/**
 * A folder of model files, as the Hugging Face opener needs it: the names of the files directly in
 * it, and a ByteSource per file. `@lowbit/models/node` builds one from a directory; a browser can
 * build one from the `File`s of an `<input webkitdirectory>` (with `blobSource`).
 */
import { type ByteSource, ErrorCode, LowbitError } from '@lowbit/core';

export interface ModelFolder {
  /** Used in messages (a path, or the folder's name). */
  name: string;
  /** File names directly in the folder (no paths). */
  files: readonly string[];
  open(file: string): Promise<ByteSource>;
}

/** The largest JSON side file read whole (a 405B model's index is under 1 MB). */
export const MAX_JSON_BYTES = 16 * 1024 * 1024;

/** A JSON object from a file in the folder; its size is checked before it is read. */
export async function readJsonObject(
  folder: ModelFolder,
  file: string,
): Promise<Record<string, unknown>> {
  const source = await folder.open(file);
  try {
    if (source.size > MAX_JSON_BYTES)
      throw new LowbitError(
        ErrorCode.FileCorrupt,
        `${folder.name}/${file} is ${source.size} bytes; a JSON side file over ${MAX_JSON_BYTES} bytes is refused. Check that it is the right file.`,
        { details: { file, size: source.size } },
      );
    const text = new TextDecoder().decode(await source.read(0, source.size));
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw new LowbitError(
        ErrorCode.FileCorrupt,
        `${folder.name}/${file} is not valid JSON (${(cause as Error).message}); download it again.`,
        { cause, details: { file } },
      );
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new LowbitError(
        ErrorCode.FileCorrupt,
        `${folder.name}/${file} must hold a JSON object.`,
        { details: { file } },
      );
    return value as Record<string, unknown>;
  } finally {
    await source.close?.();
  }
}

/** Refuses a folder without a file it needs, saying which. */
export function requireFile(folder: ModelFolder, file: string, why: string): void {
  if (folder.files.includes(file)) return;
  throw new LowbitError(
    ErrorCode.FileIo,
    `${folder.name} has no ${file} (${why}); download the complete model folder.`,
    { details: { folder: folder.name, file } },
  );
}
