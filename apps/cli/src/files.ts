/** File helpers for commands: coded errors on failure, atomic writes (temp file + rename). */
import { ErrorCode, LowbitError } from '@lowbit/core';

/** The whole input file; E_FILE_NOT_REGULAR for a directory or FIFO (which would block forever). */
export { readRegularFile as readInput, writeFileAtomic as writeAtomic } from '@lowbit/core/node';

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
