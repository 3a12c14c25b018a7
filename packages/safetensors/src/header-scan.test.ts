import { bytesSource } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { withHeader } from './__fixtures__/with-header.ts';
import { scanHeader } from './header-scan.ts';
import { openSafetensors } from './safetensors-file.ts';

const x = '"x":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}';
const outcome = (text: string, data = 1) =>
  openSafetensors(bytesSource(withHeader(text, data))).then(
    () => 'ok',
    (e: { code: string; message: string }) => `${e.code}: ${e.message}`,
  );

describe('safetensors header scan', () => {
  it('accepts the three levels a header has, with brackets and quotes inside strings', async () => {
    expect(await outcome(`{"__metadata__":{"a":"[[[{{\\"}","\\u0062":"]]"},${x}}`)).toBe('ok');
  });

  it.each([
    ['a fourth level in a shape', '{"x":{"dtype":"U8","shape":[[1]],"data_offsets":[0,1]}}'],
    ['objects in an array in __metadata__', `{"__metadata__":{"a":[{}]},${x}}`],
    ['arrays nested a million deep', `${'['.repeat(1e6)}${']'.repeat(1e6)}`],
  ])('refuses %s as E_FILE_CORRUPT before JSON.parse', async (_, text) => {
    expect(await outcome(text)).toMatch(/^E_FILE_CORRUPT: .*nests deeper than the 3 levels/);
  });

  it.each([
    ['a tensor defined twice', `{${x},${x}}`, /key "x" twice in the header/],
    [
      'a field twice in a tensor entry',
      '{"x":{"dtype":"U8","dtype":"U8","shape":[1],"data_offsets":[0,1]}}',
      /key "dtype" twice in "x"/,
    ],
    [
      'a key twice in __metadata__',
      `{"__metadata__":{"a":"1","a":"2"},${x}}`,
      /key "a" twice in "__metadata__"/,
    ],
    [
      'the same key spelled with an escape',
      `{"__metadata__":{"a":"1","\\u0061":"2"},${x}}`,
      /key "a" twice/,
    ],
  ])('refuses %s (the last one used to win)', async (_, text, message) => {
    expect(await outcome(text)).toMatch(message);
  });

  it('allows the same key in different objects', async () => {
    expect(await outcome(`{"__metadata__":{"dtype":"F32","x":"y"},${x}}`)).toBe('ok');
  });

  it('stops at the first level too deep, whatever follows', () => {
    expect(() => scanHeader(`{"a":[[${'['.repeat(1e5)}`, 'h')).toThrow(
      expect.objectContaining({ details: { field: 'header', offset: 7 } }),
    );
  });
});
