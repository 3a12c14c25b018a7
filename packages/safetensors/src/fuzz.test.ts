// Crafted hostile safetensors headers (issue 11 items 13–14), made by generators. Their cost is
// bounded by counting work, not by timing: the characters the structure scan looks at, and the
// characters handed to JSON.parse, must stay within a small multiple of the header's length —
// and a header the scan refuses must never reach JSON.parse (a deep one kills V8 outright).
import { bytesSource } from '@lowbit/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withHeader } from './__fixtures__/with-header.ts';
import { scanHeader } from './header-scan.ts';
import { openSafetensors } from './safetensors-file.ts';

const tensor = (name: string, at: number) =>
  `"${name}":{"dtype":"U8","shape":[1],"data_offsets":[${at},${at + 1}]}`;

/** Opens the crafted file; returns its error code (or "ok") and the characters JSON.parse was given. */
async function open(text: string, dataBytes: number) {
  const parse = vi.spyOn(JSON, 'parse');
  const outcome = await openSafetensors(bytesSource(withHeader(text, dataBytes))).then(
    () => 'ok',
    (e: { code: string }) => e.code,
  );
  const parsed = parse.mock.calls.reduce((n, [input]) => n + String(input).length, 0);
  const wholeHeaderParses = parse.mock.calls.filter(([input]) => input === text).length;
  return { outcome, parsed, wholeHeaderParses };
}

afterEach(() => vi.restoreAllMocks());

describe('crafted safetensors headers', () => {
  it('arrays nested 3M deep (6 MB) are refused after scanning 4 characters, never parsed', async () => {
    const depth = 3_000_000;
    const text = '['.repeat(depth) + ']'.repeat(depth);
    expect(() => scanHeader(text, 'h')).toThrow(/nests deeper/);
    const { outcome, wholeHeaderParses } = await open(text, 0);
    expect(outcome).toBe('E_FILE_CORRUPT');
    expect(wholeHeaderParses).toBe(0);
  });

  it('objects nested deep inside a valid-looking header are refused before JSON.parse', async () => {
    const depth = 1_000_000;
    const text = `{${tensor('x', 0)},"y":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
    const { outcome, wholeHeaderParses } = await open(text, 1);
    expect(outcome).toBe('E_FILE_CORRUPT');
    expect(wholeHeaderParses).toBe(0);
  });

  it('20k tensors with one duplicated name at the end: refused in one linear pass', async () => {
    const count = 20_000;
    const entries = Array.from({ length: count }, (_, i) => tensor(`t${i}`, i));
    entries.push(tensor('t0', count));
    const text = `{${entries.join(',')}}`;
    const scan = (() => {
      try {
        return scanHeader(text, 'h');
      } catch (e) {
        return (e as { details: { offset: number } }).details;
      }
    })();
    expect(scan).toMatchObject({ offset: text.lastIndexOf('"t0"') });
    const { outcome, parsed, wholeHeaderParses } = await open(text, count + 1);
    expect(outcome).toBe('E_FILE_CORRUPT');
    expect(wholeHeaderParses).toBe(0);
    expect(parsed).toBe(0);
  });

  it('a valid 20k-tensor header costs one scan and one parse of its bytes', async () => {
    const count = 20_000;
    const text = `{${Array.from({ length: count }, (_, i) => tensor(`t${i}`, i)).join(',')}}`;
    expect(scanHeader(text, 'h')).toMatchObject({ scanned: text.length, depth: 3 });
    const { outcome, parsed, wholeHeaderParses } = await open(text, count);
    expect(outcome).toBe('ok');
    expect(wholeHeaderParses).toBe(1);
    expect(parsed).toBe(text.length);
  });
});
