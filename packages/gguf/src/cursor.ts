/**
 * Sequential little-endian reads over a ByteSource, fetched in chunks on demand. Every length
 * and count is checked against the bytes that remain before anything is allocated.
 */

import type { ByteSource } from '@lowbit/core';
import { ErrorCode, LowbitError } from '@lowbit/core';

const CHUNK = 1 << 16;
// ignoreBOM keeps a leading U+FEFF (a real token in SentencePiece vocabularies) instead of dropping it.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export class Cursor {
  private buffer: Uint8Array = new Uint8Array(0);
  private view = new DataView(this.buffer.buffer);
  private bufferStart = 0;
  position = 0;

  constructor(
    private readonly source: ByteSource,
    private readonly file: string,
  ) {}

  get remaining(): number {
    return this.source.size - this.position;
  }

  truncated(what: string, needed: number): LowbitError {
    return new LowbitError(
      ErrorCode.FileTruncated,
      `${this.file}: ${what} at offset ${this.position} needs ${needed} bytes but only ${this.remaining} remain; the file is truncated.`,
      { details: { field: what, offset: this.position, needed, remaining: this.remaining } },
    );
  }

  corrupt(what: string, why: string): LowbitError {
    return new LowbitError(
      ErrorCode.FileCorrupt,
      `${this.file}: ${what} at offset ${this.position} ${why}.`,
      {
        details: { field: what, offset: this.position },
      },
    );
  }

  /** Ensures `length` bytes at the position are buffered; throws E_FILE_TRUNCATED otherwise. */
  private async ensure(length: number, what: string): Promise<number> {
    if (length > this.remaining) throw this.truncated(what, length);
    const at = this.position - this.bufferStart;
    if (at >= 0 && at + length <= this.buffer.length) return at;
    const size = Math.min(this.remaining, Math.max(length, CHUNK));
    this.buffer = await this.source.read(this.position, size);
    this.view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.byteLength);
    this.bufferStart = this.position;
    return 0;
  }

  async u8(what: string): Promise<number> {
    const at = await this.ensure(1, what);
    this.position += 1;
    return this.view.getUint8(at);
  }

  async u32(what: string): Promise<number> {
    const at = await this.ensure(4, what);
    this.position += 4;
    return this.view.getUint32(at, true);
  }

  /** A u64 that must fit a safe integer (counts, lengths, offsets). */
  async u64(what: string): Promise<number> {
    const at = await this.ensure(8, what);
    this.position += 8;
    const value = this.view.getBigUint64(at, true);
    if (value > BigInt(Number.MAX_SAFE_INTEGER))
      throw this.corrupt(what, `is ${value}, beyond any real file`);
    return Number(value);
  }

  /** A fixed-size scalar in place: the buffered view and its offset (no copy). */
  async scalar(size: number, what: string): Promise<{ view: DataView; at: number }> {
    const at = await this.ensure(size, what);
    this.position += size;
    return { view: this.view, at };
  }

  /** Raw bytes of a fixed-size scalar (for typed metadata values). */
  async bytes(length: number, what: string): Promise<Uint8Array> {
    const at = await this.ensure(length, what);
    this.position += length;
    return this.buffer.slice(at, at + length);
  }

  /** A length-prefixed (u64) UTF-8 string, at most `cap` bytes. */
  async string(what: string, cap: number): Promise<string> {
    const length = await this.u64(`${what} length`);
    if (length > cap)
      throw this.corrupt(what, `claims ${length} bytes, over the ${cap}-byte limit`);
    if (length > this.remaining) throw this.truncated(what, length);
    const raw = await this.bytes(length, what);
    try {
      return decoder.decode(raw);
    } catch {
      throw this.corrupt(what, 'is not valid UTF-8');
    }
  }

  async skipTo(offset: number, what: string): Promise<void> {
    if (offset > this.source.size) throw this.truncated(what, offset - this.position);
    this.position = offset;
  }
}
