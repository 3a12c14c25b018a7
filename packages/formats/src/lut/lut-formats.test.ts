import { describe, expect, it } from 'vitest';
import { iq4nlTable, nf4, ternary } from './lut-formats.ts';
import { IQ4_NL_VALUES, NF4_VALUES } from './tables.ts';

describe('lookup-table formats', () => {
  it('nf4 holds bitsandbytes’ table and quantizes to the nearest entry', () => {
    expect(Array.from(nf4.values!())).toEqual(NF4_VALUES.map(Math.fround));
    const x = Float32Array.of(-2, -0.7, 0.01, 0.5, 0.99, 3);
    expect(Array.from(nf4.decode(nf4.encode(x), x.length))).toEqual(
      [-1, -0.6961928009986877, 0, 0.44070982933044434, 1, 1].map(Math.fround),
    );
  });

  it('every entry of each table round-trips, and midpoints follow each rounding mode', () => {
    for (const format of [nf4, iq4nlTable]) {
      const values = format.values!();
      expect(format.decode(format.encode(values), 16)).toEqual(values);
      const sorted = Array.from(values).sort((a, b) => a - b);
      for (let i = 0; i + 1 < sorted.length; i++) {
        const [a, b] = [sorted[i]!, sorted[i + 1]!];
        const mid = (a + b) / 2;
        const inner = Math.abs(a) < Math.abs(b) ? a : b;
        const outer = inner === a ? b : a;
        const one = (
          rounding: 'nearest-even' | 'toward-zero' | 'half-away' | 'away-from-zero',
          x = mid,
        ) => values[format.encodeOne(x, rounding)];
        if (Math.fround(mid) === mid) {
          // Codes are in value order here, so the even code is the even sorted index.
          expect(one('nearest-even')).toBe(sorted[i % 2 === 0 ? i : i + 1]);
          expect(one('half-away')).toBe(outer);
        }
        const between = a + (b - a) * 0.3;
        expect(one('toward-zero', between)).toBe(inner);
        expect(one('away-from-zero', between)).toBe(outer);
      }
    }
  });

  it('iq4_nl table is ggml’s codebook', () => {
    expect(Array.from(iq4nlTable.values!())).toEqual([...IQ4_NL_VALUES]);
  });

  it('ternary packs value+1 into 2 bits; ties at ±0.5 go to the even code (±1); code 3 is invalid', () => {
    const bytes = ternary.encode(Float32Array.of(-1, 0, 1, 0.4, 0.5, -0.5, 0.6, -7));
    expect(Array.from(bytes)).toEqual([0b01_10_01_00, 0b00_10_00_10]);
    expect(Array.from(ternary.decode(bytes, 8))).toEqual([-1, 0, 1, 0, 1, -1, 1, -1]);
    expect(ternary.decode(Uint8Array.of(0b11), 1)[0]).toBeNaN();
  });

  it('nearest-even breaks exact ties toward the even code, on both sides of zero', () => {
    // iq4_nl codes 9, 10 hold 13, 25; codes 6, 7 hold −22, −10: the even code is the far one.
    const ties = Float32Array.of(19, -16, 7);
    const codes = (rounding?: 'half-away' | 'toward-zero') =>
      Array.from(iq4nlTable.decode(iq4nlTable.encode(ties, rounding && { rounding }), 3));
    expect(codes()).toEqual([25, -22, 1]);
    expect(codes('half-away')).toEqual([25, -22, 13]);
    expect(codes('toward-zero')).toEqual([13, -10, 1]);
  });
});
