import { createRng } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { floatValues, onnxCase, rawBytes } from '../../../../tooling/test-helpers/tensor-proto.ts';
import { int2, int3, int4, int5, int8, integerFormats, uint2, uint4, uint8 } from './integers.ts';
import { roundToInteger } from './round-integer.ts';

describe('ONNX Cast conformance (wrap-around is overflow "special")', () => {
  it.each([
    ['test_cast_FLOAT_to_INT4', int4],
    ['test_cast_FLOAT_to_UINT4', uint4],
    ['test_cast_FLOAT_to_INT2', int2],
    ['test_cast_FLOAT_to_UINT2', uint2],
  ] as const)('%s', (name, format) => {
    const c = onnxCase(name);
    const input = Float32Array.from(floatValues(c.input(0)));
    expect(Array.from(format.encode(input, { overflow: 'special' }))).toEqual(
      Array.from(rawBytes(c.output(0), 1)),
    );
  });

  it.each([
    ['test_cast_INT4_to_FLOAT', int4],
    ['test_cast_UINT4_to_FLOAT', uint4],
    ['test_cast_INT2_to_FLOAT', int2],
    ['test_cast_UINT2_to_FLOAT', uint2],
  ] as const)('%s', (name, format) => {
    const c = onnxCase(name);
    const expected = floatValues(c.output(0));
    expect(Array.from(format.decode(rawBytes(c.input(0), 1), expected.length))).toEqual(expected);
  });

  it.each([
    ['test_cast_INT4_to_INT8', int4, int8],
    ['test_cast_UINT4_to_UINT8', uint4, uint8],
  ] as const)('%s', (name, from, to) => {
    const c = onnxCase(name);
    const input = c.input(0);
    const n = input.dims.reduce((a, b) => a * b, 1);
    expect(Array.from(to.encode(from.decode(rawBytes(input, 1), n)))).toEqual(
      Array.from(rawBytes(c.output(0), 1)),
    );
  });
});

describe.each(integerFormats.map((f) => [f.name, f] as const))('%s', (_name, format) => {
  const n = 2 ** format.bits;
  it('has the two’s-complement (or unsigned) value of every code', () => {
    const values = Array.from(format.values!());
    expect(values).toEqual(
      Array.from({ length: n }, (_, c) => (format.min < 0 && c >= n / 2 ? c - n : c)),
    );
    expect(Math.min(...values)).toBe(format.min);
    expect(Math.max(...values)).toBe(format.max);
  });

  it('round-trips every code through the packed bytes', () => {
    const values = format.values!();
    expect(format.decode(format.encode(values), n)).toEqual(values);
    expect(format.encode(values).length).toBe(Math.ceil((n * format.bits) / 8));
  });

  it('saturates by default and wraps under overflow "special"', () => {
    const out = format.decode(
      format.encode(
        Float32Array.of(format.max + 3, format.min - 3, Number.POSITIVE_INFINITY, Number.NaN),
      ),
      4,
    );
    expect(Array.from(out)).toEqual([format.max, format.min, format.max, 0]);
    const wrapped = format.decode(
      format.encode(Float32Array.of(format.max + 1), { overflow: 'special' }),
      1,
    );
    expect(wrapped[0]).toBe(format.min);
  });

  it('rounds every half-integer tie per mode', () => {
    for (let v = format.min; v < format.max; v++) {
      const x = Float32Array.of(v + 0.5);
      const code = (mode: 'nearest-even' | 'toward-zero' | 'half-away' | 'away-from-zero') =>
        format.decode(format.encode(x, { rounding: mode }), 1)[0];
      expect(code('nearest-even')).toBe(v % 2 === 0 ? v : v + 1);
      expect(code('half-away')).toBe(v + 0.5 > 0 ? v + 1 : v);
      expect(code('toward-zero')).toBe(v + 0.5 > 0 ? v : v + 1);
      expect(code('away-from-zero')).toBe(v + 0.5 > 0 ? v + 1 : v);
    }
  });
});

describe('int5', () => {
  it('is two’s complement −16 … 15, packed five bits per value', () => {
    expect([int5.min, int5.max, int5.bits]).toEqual([-16, 15, 5]);
    // 1 → 00001, −1 → 11111, −16 → 10000: bits 0–4, 5–9, 10–14 of the little-endian stream.
    expect(Array.from(int5.encode(Float32Array.of(1, -1, -16)))).toEqual([
      0b111_00001, 0b0100_0011,
    ]);
  });

  it('saturates to ±16 by default and wraps modulo 32 under overflow "special"', () => {
    const x = Float32Array.of(15.5, 16, 40, -16.5, -17, -40);
    expect(Array.from(int5.decode(int5.encode(x), 6))).toEqual([15, 15, 15, -16, -16, -16]);
    const wrapped = int5.decode(int5.encode(x, { overflow: 'special' }), 6);
    expect(Array.from(wrapped)).toEqual([-16, -16, 8, -16, 15, -8]);
  });
});

describe('roundToInteger', () => {
  it('implements each mode on both signs', () => {
    const cases: [number, Record<string, number>][] = [
      [2.5, { 'nearest-even': 2, 'half-away': 3, 'toward-zero': 2, 'away-from-zero': 3 }],
      [-2.5, { 'nearest-even': -2, 'half-away': -3, 'toward-zero': -2, 'away-from-zero': -3 }],
      [-2.4, { 'nearest-even': -2, 'half-away': -2, 'toward-zero': -2, 'away-from-zero': -3 }],
      [3.5, { 'nearest-even': 4, 'half-away': 4, 'toward-zero': 3, 'away-from-zero': 4 }],
      [7, { 'nearest-even': 7, 'half-away': 7, 'toward-zero': 7, 'away-from-zero': 7 }],
    ];
    for (const [x, want] of cases) {
      for (const [mode, value] of Object.entries(want))
        expect(roundToInteger(x, mode as 'nearest-even'), `${x} ${mode}`).toBe(value);
    }
  });

  it('is unbiased when stochastic', () => {
    const rng = createRng(3);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) sum += roundToInteger(0.3, 'stochastic', rng);
    expect(Math.abs(sum / 20_000 - 0.3)).toBeLessThan(0.02);
  });

  it('packs int3 as a little-endian bit stream', () => {
    expect(Array.from(int3.encode(Float32Array.of(1, -1, 3)))).toEqual([0b11_111_001, 0b0]);
  });
});

describe('the nearest-even saturating fast path', () => {
  it.each(integerFormats.map((f) => [f.name, f] as const))(
    '%s: encodes as roundToInteger then clamp, on ties, specials and random values',
    (_name, format) => {
      const rng = createRng(3);
      const input = new Float32Array(20_000);
      for (let i = 0; i < input.length; i++)
        input[i] = (rng.nextFloat() * 2 - 1) * 2 ** format.bits;
      for (let i = 0; i < 600; i++) input[i] = (i - 300) / 2; // every half-integer tie
      input.set([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e30], 600);
      const codes = format.encode(input);
      const n = 2 ** format.bits;
      let mismatches = 0;
      for (let i = 0; i < input.length; i++) {
        const x = input[i]!;
        const v = Number.isNaN(x)
          ? 0
          : Math.min(
              format.max,
              Math.max(format.min, Number.isFinite(x) ? roundToInteger(x, 'nearest-even') : x),
            );
        const bit = i * format.bits;
        let code = 0;
        for (let b = 0; b < format.bits; b++)
          code |= ((codes[(bit + b) >> 3]! >> ((bit + b) & 7)) & 1) << b;
        if (code !== (v < 0 ? v + n : v)) mismatches++;
      }
      expect(mismatches).toBe(0);
    },
  );
});
