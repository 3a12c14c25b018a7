import { allFormats } from '@lowbit/formats';
import { describe, expect, it } from 'vitest';
import { wasmFormatTraits } from './format-traits.ts';
import type { Operands } from './gemvs.ts';
import { intCodesOf } from './int-codes.ts';

const table = (values: number[]) => Float32Array.from(values);

describe('intCodesOf: code values as integers times one constant', () => {
  it('reads two’s complement and unsigned codes as the code itself', () => {
    expect(intCodesOf(table([0, 1, 2, 3, -4, -3, -2, -1]), 3)).toMatchObject({ mode: 0, scale: 1 });
    expect(intCodesOf(table([0, 0.25, 0.5, 0.75]), 2)).toMatchObject({ mode: 1, scale: 0.25 });
  });

  it('puts other integer values in a byte table, with high bytes past ±127', () => {
    const e2m1 = [0, 0.5, 1, 1.5, 2, 3, 4, 6, -0, -0.5, -1, -1.5, -2, -3, -4, -6];
    const fp4 = intCodesOf(table(e2m1), 4);
    expect(fp4).toMatchObject({ mode: 2, scale: 0.5 });
    expect(Array.from(fp4!.low.slice(0, 16), (b) => (b << 24) >> 24)).toEqual(
      e2m1.map((v) => v * 2 || 0),
    );
    const wide = intCodesOf(table([0, 1, 300, -300]), 2);
    expect(wide).toMatchObject({ mode: 3, scale: 1 });
    expect([
      wide!.low[2]! | (wide!.high[2]! << 8),
      (wide!.low[3]! | (wide!.high[3]! << 8)) - 65536,
    ]).toEqual([300, -300]);
  });

  it('refuses NaN, non-integer ratios, values past i16 and 8-bit tables other than the code', () => {
    expect(intCodesOf(table([-1, 0, 1, Number.NaN]), 2)).toBeUndefined();
    expect(intCodesOf(table([0, 1, 1.1, 2]), 2)).toBeUndefined();
    expect(intCodesOf(table([0, 1, 40000, 2]), 2)).toBeUndefined();
    expect(intCodesOf(table(Array.from({ length: 256 }, (_, c) => c ^ 1)), 8)).toBeUndefined();
  });
});

describe('the wasm trait table routes integer-valued formats to gemvIntCodes', () => {
  const fused = (name: string) => {
    const trait = wasmFormatTraits(allFormats).traits.find((t) => t.format === name);
    if (!trait || trait.linear === 'decoded') return 'decoded';
    const o = { extra: [] } as unknown as Operands;
    return trait.linear.gemv(o, 0, 1, 0, {} as never).fn;
  };
  it.each([
    'int2',
    'int3',
    'int6',
    'int8',
    'uint4',
    'uint8',
    'fp4_e2m1fn',
    'fp6_e2m3fn',
    'fp6_e3m2fn',
    'iq4_nl_table',
    'mxfp6_e2m3',
    'mxfp6_e3m2',
    'mxint8',
  ])('%s', (name) => {
    expect(fused(name)).toBe('gemvIntCodes');
  });
  it.each(['fp8_e4m3', 'nf4', 'ternary', 'posit8_es1', 'mxfp8_e4m3'])('not %s', (name) => {
    expect(fused(name)).not.toBe('gemvIntCodes');
  });
});
