import { describe, expect, it } from 'vitest';
import { f16 } from './builtin/f16.ts';
import { f32 } from './builtin/f32.ts';
import { defineFormat } from './define-format.ts';
import type { Format } from './format.ts';
import { FormatRegistry, getFormat, listFormats } from './format-registry.ts';

const toy = (overrides: Partial<Format> = {}): Format => ({
  name: 'toy2',
  family: 'integer',
  summary: 'two-bit toy',
  bits: 2,
  bitsPerValue: 2,
  range: { max: 1, min: -2, minNormal: 1, minSubnormal: 1, epsilon: 1 },
  params: { kind: 'integer', bits: 2, signed: true },
  special: { nan: 'none', infinity: false, negativeZero: false },
  roundingModes: ['nearest-even'],
  defaults: { rounding: 'nearest-even', overflow: 'saturate' },
  byteLength: (n) => Math.ceil(n / 4),
  encode: (v) => new Uint8Array(Math.ceil(v.length / 4)),
  decode: (_b, n) => new Float32Array(n),
  values: () => Float32Array.of(0, 1, -2, -1),
  ...overrides,
});

describe('format registry', () => {
  it('starts with f32 and f16', () => {
    expect(listFormats().map((f) => f.name)).toEqual(expect.arrayContaining(['f32', 'f16']));
    expect(getFormat('f16')).toBe(f16);
    expect(getFormat('f32')).toBe(f32);
  });

  it('rejects unknown names with the nearest registered ones', () => {
    const registry = new FormatRegistry();
    registry.register(toy());
    expect(() => registry.get('toy')).toThrow(
      expect.objectContaining({
        code: 'E_FORMAT_UNKNOWN',
        message: expect.stringContaining('Did you mean "toy2"?'),
      }),
    );
  });

  it('refuses a different format under a taken name unless overridden', () => {
    const registry = new FormatRegistry();
    const first = registry.register(toy());
    expect(registry.register(first)).toBe(first);
    expect(() => registry.register(toy())).toThrow(
      expect.objectContaining({ code: 'E_FORMAT_EXISTS' }),
    );
    const second = registry.register(toy({ summary: 'replaced' }), { override: true });
    expect(registry.get('toy2')).toBe(second);
    expect(registry.unregister('toy2')).toBe(true);
    expect(registry.has('toy2')).toBe(false);
  });

  it('resolves aliases to the canonical format and lists it once', () => {
    const registry = new FormatRegistry();
    const renamed = registry.register(toy({ name: 'toy_two', aliases: ['toy2'] }));
    expect(registry.get('toy2')).toBe(renamed);
    expect(registry.has('toy2')).toBe(true);
    expect(registry.list().map((f) => f.name)).toEqual(['f32', 'f16', 'toy_two']);
    expect(() => registry.register(toy())).toThrow(
      expect.objectContaining({
        code: 'E_FORMAT_EXISTS',
        message: expect.stringContaining('"toy2"'),
      }),
    );
    expect(registry.unregister('toy2')).toBe(true);
    expect(registry.has('toy_two')).toBe(false);
    expect(() => defineFormat(toy({ aliases: ['toy2'] }))).toThrow(/alias "toy2"/);
  });

  it('validates descriptors', () => {
    const invalid = (f: Partial<Format>) => () => defineFormat(toy(f));
    expect(invalid({ name: 'Bad-Name' })).toThrow(
      expect.objectContaining({ code: 'E_FORMAT_INVALID' }),
    );
    expect(invalid({ bits: 0 })).toThrow(/bits/);
    expect(invalid({ bitsPerValue: 1 })).toThrow(/bitsPerValue/);
    expect(invalid({ values: undefined })).toThrow(/values\(\)/);
    expect(invalid({ block: { size: 32, bytes: 18, scales: [] } })).toThrow(
      /grow by the block's 18 bytes/,
    );
    expect(Object.isFrozen(defineFormat(toy()))).toBe(true);
  });

  it('f32 encodes and decodes bit-exactly, including NaN payloads and -0', () => {
    const bits = Uint32Array.of(0x7fc00001, 0x80000000, 0x00000001, 0x7f7fffff, 0xff800000);
    const values = new Float32Array(bits.buffer);
    const bytes = f32.encode(values);
    expect(new Uint32Array(bytes.buffer)).toEqual(bits);
    const unaligned = new Uint8Array(bytes.length + 1);
    unaligned.set(bytes, 1);
    expect(new Uint32Array(f32.decode(unaligned.subarray(1), 5).buffer)).toEqual(bits);
  });
});
