/** A scalar format's value of every code, made once per Format object (the table kernels read it). */
import { type Format, getFormat, packCodes } from '@lowbit/core';

/**
 * Every value of a scalar format's codes 0 … 2^bits − 1, keyed by the Format object itself: a
 * format re-registered with { override: true } gets its own table.
 */
const tables = new WeakMap<Format, Float32Array>();
export function codeTable(format: Format | string): Float32Array {
  const f = typeof format === 'string' ? getFormat(format) : format;
  let table = tables.get(f);
  if (!table) {
    const size = 2 ** f.bits;
    const codes = Uint16Array.from({ length: size }, (_, c) => c);
    table = f.decode(packCodes(codes, f.bits), size);
    tables.set(f, table);
  }
  return table;
}
