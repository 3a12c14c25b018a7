import { describe, expect, it } from 'vitest';
import { hif8Value, hifloat8 } from './hifloat8.ts';

const finitePositive = () =>
  Array.from({ length: 128 }, (_, c) => hif8Value(c)).filter((v) => Number.isFinite(v) && v > 0);

describe('HiFloat8', () => {
  it('has the paper’s precision profile: 7 exponents × 3 mantissa bits, 8 × 2, 16 × 1, 7 denormal binades', () => {
    const values = finitePositive();
    const byExponent = new Map<number, number>();
    for (const v of values)
      byExponent.set(Math.floor(Math.log2(v)), (byExponent.get(Math.floor(Math.log2(v))) ?? 0) + 1);
    const normals = [...byExponent].filter(([e]) => e >= -15);
    expect(
      normals
        .filter(([, n]) => n === 8)
        .map(([e]) => e)
        .sort((a, b) => a - b),
    ).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(normals.filter(([, n]) => n === 4).length).toBe(8);
    // 16 exponents with one mantissa bit; at +15 the second pattern is Inf, leaving 2^15 alone.
    expect(normals.filter(([, n]) => n === 2).length).toBe(15);
    expect(byExponent.get(15)).toBe(1);
    const denormals = [...byExponent].filter(([e]) => e < -15).sort((x, y) => x[0] - y[0]);
    expect(denormals).toEqual([-22, -21, -20, -19, -18, -17, -16].map((e) => [e, 1]));
    expect(new Set(values).size).toBe(126);
    expect(Math.max(...values)).toBe(2 ** 15);
    expect(Math.min(...values)).toBe(2 ** -22);
  });

  it('has one zero, NaN at 0x80 and ±Inf', () => {
    const codes = Array.from({ length: 256 }, (_, c) => hif8Value(c));
    expect(codes.filter((v) => v === 0).length).toBe(1);
    expect(codes.map((v, c) => (Number.isNaN(v) ? c : -1)).filter((c) => c >= 0)).toEqual([0x80]);
    expect(hif8Value(0x6f)).toBe(Number.POSITIVE_INFINITY);
    expect(hif8Value(0xef)).toBe(Number.NEGATIVE_INFINITY);
    expect(hif8Value(0x08)).toBe(1); // dot 0001, exponent 0, mantissa 0
    expect(hif8Value(0x01)).toBe(2 ** -22);
  });

  it('every code re-encodes to itself and values are symmetric', () => {
    const values = hifloat8.values!();
    const back = hifloat8.decode(hifloat8.encode(values, { overflow: 'special' }), 256);
    for (let c = 0; c < 256; c++) {
      if (Number.isNaN(values[c]!)) expect(back[c]).toBeNaN();
      else expect(back[c]).toBe(values[c]);
      if (c > 0 && c < 128) expect(values[c + 128]).toBe(-values[c]!);
    }
  });

  it('rounds to the nearest value, ties away from zero by default, and saturates', () => {
    const one = (x: number, options = {}) =>
      hifloat8.decode(hifloat8.encode(Float32Array.of(x), options), 1)[0];
    expect(one(1.0625)).toBe(1.125); // tie between 1 and 1.125
    expect(one(1.0625, { rounding: 'toward-zero' })).toBe(1);
    expect(one(1e6)).toBe(2 ** 15);
    expect(one(1e6, { overflow: 'special' })).toBe(Number.POSITIVE_INFINITY);
    expect(one(2 ** 15 * 1.2, { overflow: 'special' })).toBe(2 ** 15);
    expect(one(2 ** -23)).toBe(2 ** -22); // tie with 0 goes away from zero
    expect(one(2 ** -24)).toBe(0);
    expect(one(-0)).toBe(0);
    expect(one(Number.NaN)).toBeNaN();
  });

  it('encodes monotonically', () => {
    const xs = Float32Array.from({ length: 4001 }, (_, i) => (i - 2000) * 20);
    const ys = hifloat8.decode(hifloat8.encode(xs), xs.length);
    for (let i = 1; i < ys.length; i++) expect(ys[i]! >= ys[i - 1]!).toBe(true);
  });
});
