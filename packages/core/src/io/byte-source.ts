/**
 * Where a model file's bytes come from. Readers ask for byte ranges only, so a 1 GB file costs
 * only the ranges actually read: the header, then each tensor when asked for.
 */
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';

export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /** Bytes [offset, offset + length); the range must lie inside the source. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Releases the underlying handle, if any. */
  close?(): Promise<void>;
}

export function checkRange(source: ByteSource, offset: number, length: number, what: string): void {
  if (
    !(
      Number.isSafeInteger(offset) &&
      Number.isSafeInteger(length) &&
      offset >= 0 &&
      length >= 0 &&
      offset + length <= source.size
    )
  ) {
    throw new LowbitError(
      ErrorCode.FileTruncated,
      `${what} needs bytes ${offset}…${offset + length} but the file has ${source.size}; the file is truncated or corrupt.`,
      { details: { offset, length, size: source.size } },
    );
  }
}

/** An in-memory file. */
export function bytesSource(data: Uint8Array | ArrayBuffer): ByteSource {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  return {
    size: bytes.length,
    async read(offset, length) {
      return bytes.subarray(offset, offset + length);
    },
  };
}

/** A browser Blob or File, read with slice() + arrayBuffer(). */
export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    async read(offset, length) {
      return new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
    },
  };
}
