/**
 * @lowbit/core/node — Node-only I/O shared by the loaders and the CLI: a ByteSource over a file
 * (positional reads, nothing else loaded) and atomic writes (temporary file, then rename).
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ErrorCode } from './errors/error-codes.ts';
import { LowbitError } from './errors/lowbit-error.ts';
import type { ByteSource } from './io/byte-source.ts';

/** A file on disk, read by range with positional reads (nothing else is loaded). */
export async function fileSource(path: string): Promise<ByteSource> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (cause) {
    throw new LowbitError(ErrorCode.FileIo, `Cannot open "${path}": ${(cause as Error).message}.`, {
      cause,
      details: { path },
    });
  }
  const { size } = await handle.stat();
  return {
    size,
    async read(offset, length) {
      const buffer = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(buffer, done, length - done, offset + done);
        if (bytesRead === 0)
          throw new LowbitError(
            ErrorCode.FileTruncated,
            `"${path}" ended while reading bytes ${offset}…${offset + length}.`,
          );
        done += bytesRead;
      }
      return buffer;
    },
    close: () => handle.close(),
  };
}

/** Writes bytes to `path` through a temporary file in the same folder, then renames it. */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (cause) {
    await rm(temporary, { force: true });
    throw new LowbitError(
      ErrorCode.FileIo,
      `Cannot write "${path}": ${(cause as Error).message}.`,
      { cause, details: { path } },
    );
  }
}
