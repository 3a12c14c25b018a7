// The format table is generated from params for every registered format, and the shader-f16
// variant is chosen only where the device has the feature and forceF32 is off. (SwiftShader
// lacks shader-f16, so the f16 WGSL itself is unexercised here: only its selection is tested.)
import { getFormat, listFormats } from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import { describe, expect, it } from 'vitest';
import { generateDecoder } from './format-codegen.ts';
import { formatTrait } from './format-traits.ts';

registerAllFormats();

describe('formatTrait', () => {
  it('generates a decoder for every registered format, from its params alone', () => {
    const missing = listFormats().filter((f) => !formatTrait(f));
    expect(missing.map((f) => f.name)).toEqual([]);
  });

  it('puts block tables and lut values in the table buffer, at the offsets the code reads', () => {
    const params = getFormat('iq1_s').params;
    if (params.kind !== 'block') throw new Error('iq1_s is a block format');
    const { grid, delta } = params.tables!;
    const iq1 = formatTrait(getFormat('iq1_s'))!;
    expect(iq1.table!.length).toBe(grid!.length + delta!.length);
    expect(iq1.code).toContain(`tables[${grid!.length}u + `);
    expect(formatTrait(getFormat('nf4'))!.table!.length).toBe(16);
    expect(formatTrait(getFormat('q4_K'))!.table).toBeUndefined();
  });

  it('picks the shader-f16 decoder for IEEE binary16 only where f16 is usable', () => {
    const f16 = getFormat('f16');
    expect(formatTrait(f16, { f16: true })!.code).toMatch(/^enable f16;/);
    expect(formatTrait(f16, { f16: true })!.key).not.toBe(formatTrait(f16)!.key);
    expect(formatTrait(f16, { f16: false })!.code).not.toContain('enable f16');
    expect(formatTrait(getFormat('bf16'), { f16: true })!.code).not.toContain('enable f16');
    expect(formatTrait(getFormat('q4_0'), { f16: true })!.code).not.toContain('enable f16');
  });

  it('refuses with E_UNSUPPORTED a layout it cannot express', () => {
    expect(() =>
      generateDecoder({
        kind: 'block',
        size: 1,
        bytes: 8,
        fields: [{ name: 'q', count: 1, pieces: [{ count: 1, slices: [{ at: 0, width: 64 }] }] }],
        value: 'q',
      }),
    ).toThrow(expect.objectContaining({ code: 'E_UNSUPPORTED' }));
    expect(() => generateDecoder({ kind: 'posit', bits: 32, es: 2 })).toThrow(
      expect.objectContaining({ code: 'E_UNSUPPORTED' }),
    );
  });
});
