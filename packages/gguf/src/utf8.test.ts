import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUtf8 } from './utf8.ts';

const decoder = new TextDecoder('utf-8', { fatal: true });
const decodes = (bytes: Uint8Array) => {
  try {
    decoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
};

describe('isUtf8', () => {
  it('agrees with the fatal TextDecoder on any bytes (ASCII prefixes included)', () => {
    const byte = fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0x80, max: 0xff }));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), fc.array(byte, { maxLength: 12 }), (a, b) => {
        const bytes = Uint8Array.from([...a, ...b]);
        expect(isUtf8(bytes)).toBe(decodes(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts ASCII, multi-byte text and a leading BOM; refuses truncated, overlong and surrogate forms', () => {
    const utf8 = (s: string) => new TextEncoder().encode(s);
    for (const s of ['', 'blk.0.attn_q.weight', 'é漢😀', '\uFEFFx'])
      expect(isUtf8(utf8(s))).toBe(true);
    for (const bad of [
      [0x61, 0xc3],
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0x80],
    ])
      expect(isUtf8(Uint8Array.from(bad))).toBe(false);
  });
});
