import { describe, expect, it } from 'vitest';
import {
  floatValues,
  OnnxType,
  onnxCase,
  rawBytes,
} from '../../../../../tooling/test-helpers/tensor-proto.ts';
import { createRng } from '../../rng/xoshiro128.ts';
import type { RoundingMode } from '../format.ts';
import { f16, halfFromFloatBits, halfToFloat } from './f16.ts';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
function bitsOf(x: number): number {
  f32[0] = x;
  return u32[0]!;
}
const codes = (bytes: Uint8Array) =>
  Array.from({ length: bytes.length / 2 }, (_, i) => bytes[2 * i]! | (bytes[2 * i + 1]! << 8));

// Independent oracle: the sorted table of every non-negative finite binary16 value, searched
// by value, so encode's bit arithmetic is checked against plain comparisons.
const positive = Array.from({ length: 0x7c00 }, (_, code) => halfToFloat(code));

function oracle(x: number, rounding: Exclude<RoundingMode, 'stochastic'>): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a === Number.POSITIVE_INFINITY) return sign | 0x7c00;
  let lo = 0;
  let hi = positive.length - 1;
  if (a >= positive[hi]!) {
    if (rounding === 'toward-zero') return sign | hi;
    const next = 65536; // the value 0x7c00 would have with an unbounded exponent
    const mid = (positive[hi]! + next) / 2;
    if (a < mid) return sign | hi;
    return sign | 0x7c00; // ties go to the even code 0x7c00 under both nearest modes
  }
  while (hi - lo > 1) {
    const m = (lo + hi) >> 1;
    if (positive[m]! <= a) lo = m;
    else hi = m;
  }
  const below = positive[lo]!;
  if (below === a || rounding === 'toward-zero') return sign | lo;
  const mid = (below + positive[hi]!) / 2;
  if (a < mid) return sign | lo;
  if (a > mid) return sign | hi;
  return sign | (rounding === 'half-away' ? hi : lo % 2 === 0 ? lo : hi);
}

describe('f16 decode', () => {
  it('matches ONNX Cast FLOAT16 → FLOAT conformance output', () => {
    const c = onnxCase('test_cast_FLOAT16_to_FLOAT');
    const input = c.input(0);
    expect(input.dataType).toBe(OnnxType.FLOAT16);
    const expected = floatValues(c.output(0));
    const got = f16.decode(rawBytes(input, 2), expected.length);
    expect(Array.from(got)).toEqual(expected);
  });

  it('decodes every class of code', () => {
    expect(halfToFloat(0x0000)).toBe(0);
    expect(Object.is(halfToFloat(0x8000), -0)).toBe(true);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x03ff)).toBe(1023 * 2 ** -24);
    expect(halfToFloat(0x0400)).toBe(2 ** -14);
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0x3c01)).toBe(1 + 2 ** -10);
    expect(halfToFloat(0x7bff)).toBe(65504);
    expect(halfToFloat(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(halfToFloat(0xfc00)).toBe(Number.NEGATIVE_INFINITY);
    expect(halfToFloat(0x7c01)).toBeNaN();
    expect(halfToFloat(0xfe00)).toBeNaN();
  });

  it('values() is the exact table and decode agrees with it for all 65536 codes', () => {
    const table = f16.values!();
    expect(table.length).toBe(65536);
    const bytes = new Uint8Array(65536 * 2);
    for (let c = 0; c < 65536; c++) {
      bytes[2 * c] = c & 0xff;
      bytes[2 * c + 1] = c >>> 8;
    }
    const decoded = f16.decode(bytes, 65536);
    const mismatches: number[] = [];
    for (let c = 0; c < 65536; c++) {
      const same =
        Object.is(decoded[c], table[c]) || (Number.isNaN(decoded[c]!) && Number.isNaN(table[c]!));
      const exact =
        Object.is(table[c], Math.fround(halfToFloat(c))) || Number.isNaN(halfToFloat(c));
      if (!same || !exact) mismatches.push(c);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('f16 encode', () => {
  it('matches ONNX Cast FLOAT → FLOAT16 and DOUBLE → FLOAT16 conformance outputs', () => {
    for (const name of ['test_cast_FLOAT_to_FLOAT16', 'test_cast_DOUBLE_to_FLOAT16']) {
      const c = onnxCase(name);
      const input = Float32Array.from(floatValues(c.input(0)));
      const expected = codes(rawBytes(c.output(0), 2));
      const got = codes(f16.encode(input));
      got.forEach((code, i) => {
        // NaN payloads are not specified by ONNX; compare NaN-ness there.
        if (Number.isNaN(halfToFloat(expected[i]!)))
          expect(Number.isNaN(halfToFloat(code))).toBe(true);
        else expect(code, `${name}[${i}] = ${input[i]}`).toBe(expected[i]);
      });
    }
  });

  it('every code decodes then re-encodes to itself (NaN codes canonicalise to 0x7e00)', () => {
    const mismatches: number[] = [];
    for (let code = 0; code < 65536; code++) {
      const value = halfToFloat(code);
      if (halfFromFloatBits(bitsOf(value)) !== (Number.isNaN(value) ? 0x7e00 : code))
        mismatches.push(code);
    }
    expect(mismatches).toEqual([]);
  });

  it('rounds every tie and its neighbours exactly as the value-table oracle does', () => {
    const modes = ['nearest-even', 'toward-zero', 'half-away'] as const;
    const mismatches: string[] = [];
    for (let code = 0; code < 0x7c00; code++) {
      const lower = halfToFloat(code);
      const upper = code === 0x7bff ? 65536 : halfToFloat(code + 1);
      const mid = (lower + upper) / 2;
      for (const x of [mid, -mid]) {
        const bits = bitsOf(x);
        for (const probe of [bits - 1, bits, bits + 1]) {
          u32[0] = probe;
          const value = f32[0]!;
          for (const mode of modes) {
            const got = halfFromFloatBits(probe, mode);
            if (got !== oracle(value, mode)) mismatches.push(`${value} ${mode}: ${got}`);
          }
        }
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it('agrees with the oracle on random float32 bit patterns', () => {
    const rng = createRng(2024);
    const mismatches: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const bits = rng.nextU32();
      u32[0] = bits;
      const value = f32[0]!;
      if (Number.isNaN(value)) continue;
      for (const mode of ['nearest-even', 'toward-zero', 'half-away'] as const) {
        const got = halfFromFloatBits(bits, mode);
        if (got !== oracle(value, mode)) mismatches.push(`${value} ${mode}: ${got}`);
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it('handles overflow, infinities and NaN per the overflow mode', () => {
    const enc = (x: number, options = {}) => codes(f16.encode(Float32Array.of(x), options))[0];
    expect(enc(65519)).toBe(0x7bff);
    expect(enc(65520)).toBe(0x7c00);
    expect(enc(1e6)).toBe(0x7c00);
    expect(enc(-1e6)).toBe(0xfc00);
    expect(enc(1e6, { overflow: 'saturate' })).toBe(0x7bff);
    expect(enc(Number.NEGATIVE_INFINITY, { overflow: 'saturate' })).toBe(0xfbff);
    expect(enc(1e6, { rounding: 'toward-zero' })).toBe(0x7bff);
    expect(enc(Number.POSITIVE_INFINITY, { rounding: 'toward-zero' })).toBe(0x7c00);
    expect(enc(Number.NaN)).toBe(0x7e00);
    expect(enc(Number.NaN, { overflow: 'saturate' })).toBe(0x7e00);
    expect(enc(-0)).toBe(0x8000);
    expect(enc(2 ** -25)).toBe(0); // tie with 0: even
    expect(enc(2 ** -25, { rounding: 'half-away' })).toBe(1);
  });

  it('is monotonic over sorted inputs', () => {
    const rng = createRng(5);
    const xs = Float32Array.from(
      { length: 50_000 },
      () => (rng.nextFloat() - 0.5) * 2 ** (rng.nextFloat() * 40 - 20),
    );
    xs.sort();
    const out = f16.decode(f16.encode(xs), xs.length);
    for (let i = 1; i < out.length; i++) expect(out[i]! >= out[i - 1]!).toBe(true);
  });

  it('stochastic rounding is seeded, unbiased and only picks the two neighbours', () => {
    const x = 1 + 2 ** -12; // a quarter of the way from 1 to 1 + 2^-10
    const input = new Float32Array(40_000).fill(x);
    const a = f16.encode(input, { rounding: 'stochastic', seed: 3 });
    expect(f16.encode(input, { rounding: 'stochastic', seed: 3 })).toEqual(a);
    expect(f16.encode(input, { rounding: 'stochastic', seed: 4 })).not.toEqual(a);
    const values = f16.decode(a, input.length);
    let ups = 0;
    for (const v of values) {
      expect([1, 1 + 2 ** -10]).toContain(v);
      if (v > 1) ups++;
    }
    // Binomial(40000, 0.25): sd ≈ 87; allow 5 sd.
    expect(Math.abs(ups - 10_000)).toBeLessThan(435);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(Math.abs(mean - x)).toBeLessThan(2 ** -14);
    // A value below half the smallest subnormal still rounds up sometimes.
    const tiny = f16.decode(
      f16.encode(new Float32Array(4000).fill(2 ** -26), { rounding: 'stochastic', seed: 1 }),
      4000,
    );
    const tinyUps = tiny.filter((v) => v > 0).length;
    expect(tinyUps).toBeGreaterThan(1000 - 160);
    expect(tinyUps).toBeLessThan(1000 + 160);
  });

  it('rejects unknown options and short buffers with coded errors', () => {
    expect(() => f16.encode(Float32Array.of(1), { rounding: 'up' as RoundingMode })).toThrow(
      expect.objectContaining({ code: 'E_ARGUMENT' }),
    );
    expect(() => f16.decode(new Uint8Array(3), 2)).toThrow(
      expect.objectContaining({ code: 'E_ARGUMENT' }),
    );
  });
});
