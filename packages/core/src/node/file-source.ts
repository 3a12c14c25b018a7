/** A ByteSource over a file on disk: positional reads of the ranges asked for, nothing else loaded. */
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';
import type { ByteSource } from '../io/byte-source.ts';
import { openRegularFile } from './regular-file.ts';

/** A regular file read by range (E_FILE_NOT_REGULAR for directories, FIFOs, devices, sockets). */
export async function fileSource(path: string): Promise<ByteSource> {
  const handle = await openRegularFile(path);
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

/** The whole of a regular file (E_FILE_NOT_REGULAR for anything else, so a FIFO never blocks). */
export async function readRegularFile(path: string): Promise<Uint8Array> {
  const handle = await openRegularFile(path);
  try {
    return new Uint8Array(await handle.readFile());
  } catch (cause) {
    throw new LowbitError(ErrorCode.FileIo, `Cannot read "${path}": ${(cause as Error).message}.`, {
      cause,
      details: { path },
    });
  } finally {
    await handle.close();
  }
}
