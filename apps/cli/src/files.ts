/** File helpers for commands: coded errors on failure, atomic writes (temp file + rename). */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ErrorCode, LowbitError } from '@lowbit/core';

export async function readInput(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (cause) {
    throw new LowbitError(
      ErrorCode.FileIo,
      `Cannot read "${path}": ${(cause as Error).message}. Check the path.`,
      {
        cause,
        details: { path },
      },
    );
  }
}

/** Writes `bytes` to `path` through a temporary file in the same folder, so `path` is never half-written. */
export async function writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
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

/** Raw little-endian float32 values from a file whose length must be a multiple of 4. */
export function floatsFrom(bytes: Uint8Array, path: string): Float32Array {
  if (bytes.length % 4 !== 0) {
    throw new LowbitError(
      ErrorCode.FileCorrupt,
      `"${path}" is ${bytes.length} bytes, not a whole number of float32 values; pass raw little-endian float32 data.`,
      { details: { path, bytes: bytes.length } },
    );
  }
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}
