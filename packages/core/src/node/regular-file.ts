/**
 * Opening a path for reading only if it is a regular file. A FIFO opened plainly blocks until a
 * writer appears, so the open is non-blocking and the type is checked on the open handle (fstat,
 * so nothing can swap the path between the check and the read).
 */
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';

/** What a non-regular path is, for the message. */
function kindOf(stats: Awaited<ReturnType<FileHandle['stat']>>): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

export function notRegular(path: string, kind: string): LowbitError {
  return new LowbitError(
    ErrorCode.FileNotRegular,
    `"${path}" is ${kind}, not a regular file; pass the path of a file (to read a stream, save it to a file first).`,
    { details: { path, kind } },
  );
}

/** Opens `path` read-only; E_FILE_NOT_REGULAR for directories, FIFOs, devices and sockets, E_FILE_IO otherwise. */
export async function openRegularFile(path: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    // O_NONBLOCK is absent on Windows, where FIFOs do not exist in the file system anyway.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EISDIR') throw notRegular(path, 'a directory');
    throw new LowbitError(
      ErrorCode.FileIo,
      `Cannot read "${path}": ${(cause as Error).message}. Check the path.`,
      {
        cause,
        details: { path },
      },
    );
  }
  const stats = await handle.stat();
  if (stats.isFile()) return handle;
  await handle.close();
  throw notRegular(path, kindOf(stats));
}
