import { LowbitError } from '@lowbit/core';
import { GgufType } from '@lowbit/gguf';
import { describe, expect, it, vi } from 'vitest';
import { everyGgufValueType, ggufArray, metadataRows } from './__fixtures__/gguf-metadata.ts';
import {
  GGUF_METADATA_KEY,
  ggufMetadataFromSafetensors,
  safetensorsMetadataFromGguf,
} from './safetensors-gguf-metadata.ts';

describe('GGUF metadata in safetensors __metadata__', () => {
  it('round-trips every key, value and value type, in order', () => {
    const original = everyGgufValueType();
    const stored = safetensorsMetadataFromGguf(original);
    for (const value of Object.values(stored)) expect(value).toBeTypeOf('string');
    expect(metadataRows(ggufMetadataFromSafetensors(stored))).toEqual(metadataRows(original));
  });

  it('stores string values under their own keys and the rest typed under one JSON key', () => {
    const stored = safetensorsMetadataFromGguf(everyGgufValueType());
    expect(stored['general.architecture']).toBe('llama');
    expect(stored.tokens).toBeUndefined();
    const entries = JSON.parse(stored[GGUF_METADATA_KEY]!) as Record<string, unknown>[];
    expect(entries[0]).toEqual({ key: 'general.architecture', type: 'string' });
    expect(entries.find((e) => e.key === 'u64')).toEqual({
      key: 'u64',
      type: 'uint64',
      value: '18446744073709551615',
    });
    expect(entries.find((e) => e.key === 'scores')).toEqual({
      key: 'scores',
      type: 'array',
      value: { itemType: 'float32', items: [0, -1.5, '-Infinity', 'NaN', '-0'] },
    });
  });

  it('reads bool arrays held as bytes back as booleans', () => {
    const m = new Map([['bools', ggufArray(GgufType.BOOL, Uint8Array.of(1, 0))]]);
    expect(metadataRows(ggufMetadataFromSafetensors(safetensorsMetadataFromGguf(m)))).toEqual([
      ['bools', GgufType.ARRAY, { itemType: GgufType.BOOL, items: [true, false] }],
    ]);
  });

  it('turns safetensors metadata that is not ours into GGUF strings', () => {
    const stored = { format: 'pt', ...safetensorsMetadataFromGguf(everyGgufValueType()) };
    const back = ggufMetadataFromSafetensors(stored);
    expect(back.get('format')).toEqual({ type: GgufType.STRING, value: 'pt' });
    expect(metadataRows(ggufMetadataFromSafetensors({ a: '1', b: 'x' }))).toEqual([
      ['a', GgufType.STRING, '1'],
      ['b', GgufType.STRING, 'x'],
    ]);
  });

  it('refuses a malformed typed key with E_FILE_CORRUPT', () => {
    const cases: [string, RegExp][] = [
      ['{', /is not JSON/],
      ['{}', /is not a JSON array/],
      ['[{"type":"uint8","value":1}]', /without a string "key"/],
      ['[{"key":"a","type":"uint128","value":1}]', /unknown type "uint128"/],
      ['[{"key":"a","type":"uint8","value":256}]', /holds 256 for "a", not a uint8/],
      ['[{"key":"a","type":"int32","value":1.5}]', /not a int32/],
      ['[{"key":"a","type":"uint64","value":"-1"}]', /not a uint64/],
      ['[{"key":"a","type":"uint64","value":5}]', /not a uint64/],
      ['[{"key":"a","type":"float32","value":"Inf"}]', /not a float32/],
      ['[{"key":"a","type":"bool","value":1}]', /not a bool/],
      ['[{"key":"a","type":"string"}]', /lists the string "a", which is missing/],
      ['[{"key":"a","type":"uint8","value":1},{"key":"a","type":"uint8","value":1}]', /twice/],
      ['[{"key":"a","type":"array","value":[1]}]', /without \{itemType, items\}/],
      ['[{"key":"a","type":"array","value":{"itemType":"x","items":[]}}]', /unknown type "x"/],
    ];
    for (const [text, message] of cases) {
      let error: unknown;
      try {
        ggufMetadataFromSafetensors({ [GGUF_METADATA_KEY]: text });
      } catch (e) {
        error = e;
      }
      expect(LowbitError.isInstance(error) && error.code, text).toBe('E_FILE_CORRUPT');
      expect((error as Error).message, text).toMatch(message);
    }
  });

  it('refuses deep nesting before JSON.parse sees it', () => {
    const parse = vi.spyOn(JSON, 'parse');
    try {
      expect(() =>
        ggufMetadataFromSafetensors({ [GGUF_METADATA_KEY]: '['.repeat(1_000_000) }),
      ).toThrow(/nests deeper than 10 levels/);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });
});
