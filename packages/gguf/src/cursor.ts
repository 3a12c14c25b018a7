/**
 * Little-endian reads over a ByteSource's buffered window, synchronous so a header of millions of
 * items costs no promise per item. A read past the window (but inside the file) throws SHORT;
 * `item()` then refetches from the item's start with a window at least twice as large and parses
 * it again, so the total work stays linear in the header's bytes. Every length and count is
 * checked against the bytes that remain in the file before anything is allocated; a read past
 * the file's end is E_FILE_TRUNCATED.
 */

import type { ByteSource } from '@lowbit/core';
import { bytesSource, ErrorCode, LowbitError } from '@lowbit/core';
import { decodeUtf8, isUtf8 } from './utf8.ts';

const CHUNK = 1 << 16;
/** Thrown (not an error) when a read needs bytes the window does not hold yet. */
const SHORT = Symbol('short');

/** A field's name for messages; a function when building it for every item would cost too much. */
export type Label = string | (() => string);
const text = (what: Label) => (typeof what === 'string' ? what : what());

/** Work done while reading, for callers that bound it (fuzzing, inspection). */
export interface ReadStats {
  /** Bytes fetched from the source, refetches included. */
  bytesFetched: number;
  /**
   * Values decoded into JS values (strings, objects, metadata scalars), including tensor infos
   * and names built later, on access, from a file opened with these stats.
   */
  valuesDecoded: number;
}

export class Cursor {
  private buffer: Uint8Array = new Uint8Array(0);
  private view = new DataView(this.buffer.buffer);
  private bufferStart = 0;
  /** Absolute end a SHORT read needed. */
  private needed = 0;
  position = 0;

  constructor(
    private readonly source: ByteSource,
    readonly file: string,
    /** Offset of the source's byte 0 in the file, for messages. */
    readonly base = 0,
    readonly stats: ReadStats = { bytesFetched: 0, valuesDecoded: 0 },
  ) {}

  /** A cursor over bytes already in memory (nothing is ever SHORT). */
  static over(bytes: Uint8Array, file: string, base: number): Cursor {
    const cursor = new Cursor(bytesSource(bytes), file, base);
    cursor.setWindow(0, bytes);
    return cursor;
  }

  get remaining(): number {
    return this.source.size - this.position;
  }

  truncated(what: Label, needed: number): LowbitError {
    const offset = this.base + this.position;
    return new LowbitError(
      ErrorCode.FileTruncated,
      `${this.file}: ${text(what)} at offset ${offset} needs ${needed} bytes but only ${this.remaining} remain; the file is truncated.`,
      { details: { field: text(what), offset, needed, remaining: this.remaining } },
    );
  }

  corrupt(what: Label, why: string): LowbitError {
    const offset = this.base + this.position;
    return new LowbitError(
      ErrorCode.FileCorrupt,
      `${this.file}: ${text(what)} at offset ${offset} ${why}.`,
      {
        details: { field: text(what), offset },
      },
    );
  }

  private setWindow(start: number, bytes: Uint8Array): void {
    this.buffer = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.bufferStart = start;
  }

  /** Offset of `length` bytes at the position inside the window; truncated or SHORT otherwise. */
  private take(length: number, what: Label): number {
    if (length > this.remaining) throw this.truncated(what, length);
    const at = this.position - this.bufferStart;
    if (at < 0 || at + length > this.buffer.length) {
      this.needed = this.position + length;
      throw SHORT;
    }
    this.position += length;
    return at;
  }

  /**
   * Runs a synchronous parse of one item from the position; when it runs out of window, refetches
   * from the item's start with a larger window and runs it again.
   */
  async item<T>(parse: () => T): Promise<T> {
    let result: T | undefined;
    await this.each(1, () => {
      result = parse();
    });
    return result as T;
  }

  /** Runs `parse(i)` for `count` consecutive items, refetching (and re-running) as `item()` does. */
  async each(count: number, parse: (i: number) => void): Promise<void> {
    for (let i = 0; i < count; ) {
      const start = this.position;
      try {
        parse(i);
        i++;
        continue;
      } catch (thrown) {
        if (thrown !== SHORT) throw thrown;
      }
      const bufferEnd = this.bufferStart + this.buffer.length;
      const end = Math.max(this.needed, start + CHUNK, start + 2 * (bufferEnd - start));
      const length = Math.min(end, this.source.size) - start;
      this.setWindow(start, await this.source.read(start, length));
      this.stats.bytesFetched += length;
      this.position = start;
    }
  }

  u8(what: Label): number {
    return this.view.getUint8(this.take(1, what));
  }

  u32(what: Label): number {
    return this.view.getUint32(this.take(4, what), true);
  }

  /** A u64 that must fit a safe integer (counts, lengths, offsets); read as two u32s, no BigInt. */
  u64(what: Label): number {
    const at = this.take(8, what);
    const low = this.view.getUint32(at, true);
    const high = this.view.getUint32(at + 4, true);
    if (high >= 1 << 21) {
      this.position -= 8;
      throw this.corrupt(what, `is ${(BigInt(high) << 32n) | BigInt(low)}, beyond any real file`);
    }
    return high * 2 ** 32 + low;
  }

  /** A fixed-size scalar in place: the window's view and its offset (no copy). */
  scalar(size: number, what: Label): { view: DataView; at: number } {
    const at = this.take(size, what);
    this.stats.valuesDecoded++;
    return { view: this.view, at };
  }

  /** The window's bytes from `start` (absolute) to the position, without a copy. */
  since(start: number): Uint8Array {
    return this.buffer.subarray(start - this.bufferStart, this.position - this.bufferStart);
  }

  /** Skips `length` bytes (inside the file). */
  skip(length: number, what: Label): void {
    this.take(length, what);
  }

  /** The length of a length-prefixed (u64) string, checked against `cap`; skips its bytes. */
  skipString(what: Label, cap: number): void {
    const length = this.u64(() => `${text(what)} length`);
    if (length > cap)
      throw this.corrupt(what, `claims ${length} bytes, over the ${cap}-byte limit`);
    this.take(length, what);
  }

  /** A length-prefixed (u64) string's bytes, at most `cap`: a view of the window (no copy). */
  private stringView(what: Label, cap: number): Uint8Array {
    const start = this.position;
    this.skipString(what, cap);
    return this.buffer.subarray(start + 8 - this.bufferStart, this.position - this.bufferStart);
  }

  private notUtf8(start: number, what: Label): LowbitError {
    this.position = start;
    return this.corrupt(what, 'is not valid UTF-8');
  }

  /**
   * A length-prefixed (u64) UTF-8 string's bytes, at most `cap`, checked but not decoded: a view
   * of the window, valid until the next refetch (copy it to keep it).
   */
  stringBytes(what: Label, cap: number): Uint8Array {
    const start = this.position;
    const bytes = this.stringView(what, cap);
    if (!isUtf8(bytes)) throw this.notUtf8(start, what);
    return bytes;
  }

  /** A length-prefixed (u64) UTF-8 string, at most `cap` bytes. */
  string(what: Label, cap: number): string {
    const start = this.position;
    const bytes = this.stringView(what, cap);
    this.stats.valuesDecoded++;
    try {
      return decodeUtf8(bytes);
    } catch {
      throw this.notUtf8(start, what);
    }
  }

  skipTo(offset: number, what: Label): void {
    if (offset > this.source.size) throw this.truncated(what, offset - this.position);
    this.position = offset;
  }
}
