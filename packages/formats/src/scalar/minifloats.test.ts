import { createRng, type Format, type MinifloatCodec } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import {
  type DeterministicRounding,
  minifloatOracle,
} from '../../../../tooling/test-helpers/minifloat-oracle.ts';
import { floatValues, onnxCase, rawBytes } from '../../../../tooling/test-helpers/tensor-proto.ts';
import {
  bf16,
  e8m0,
  fp4E2m1fn,
  fp6E2m3fn,
  fp6E3m2fn,
  fp8E3m4,
  fp8E4m3,
  fp8E4m3b11fnuz,
  fp8E4m3fn,
  fp8E4m3fnuz,
  fp8E5m2,
  fp8E5m2fnuz,
  minifloatFormats,
} from './minifloats.ts';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
function bitsOf(x: number): number {
  f32[0] = x;
  return u32[0]!;
}
function floatOf(bits: number): number {
  u32[0] = bits;
  return f32[0]!;
}
const codesOf = (f: Format & { codec: MinifloatCodec }, bytes: Uint8Array, n: number) =>
  f.bits === 16
    ? Array.from({ length: n }, (_, i) => bytes[2 * i]! | (bytes[2 * i + 1]! << 8))
    : Array.from(bytes.subarray(0, n));

describe('published facts of each format', () => {
  // Max, smallest subnormal and special codes as ml_dtypes / ONNX / the OCP MX spec state them.
  const facts: [Format & { codec: MinifloatCodec }, number, number, number][] = [
    [bf16, 3.3895313892515355e38, 2 ** -133, 0x7fc0],
    [fp8E4m3fn, 448, 2 ** -9, 0x7f],
    [fp8E4m3fnuz, 240, 2 ** -10, 0x80],
    [fp8E5m2, 57344, 2 ** -16, 0x7e],
    [fp8E5m2fnuz, 57344, 2 ** -17, 0x80],
    [fp8E3m4, 15.5, 2 ** -6, 0x78],
    [fp8E4m3, 240, 2 ** -9, 0x7c],
    [fp8E4m3b11fnuz, 30, 2 ** -13, 0x80],
    [fp6E2m3fn, 7.5, 0.125, 0x20],
    [fp6E3m2fn, 28, 0.0625, 0x20],
    [fp4E2m1fn, 6, 0.5, 0x8],
    [e8m0, 2 ** 127, 2 ** -127, 0xff],
  ];
  it.each(facts)('%s', (format, max, minSubnormal, nanCode) => {
    expect(format.range.max).toBe(max);
    expect(format.range.minSubnormal).toBe(minSubnormal);
    expect(format.codec.nanCode).toBe(nanCode);
    expect(format.values!().length).toBe(2 ** format.bits);
  });

  it('fp4 E2M1 has exactly the OCP value set', () => {
    expect(Array.from(fp4E2m1fn.values!())).toEqual([
      0, 0.5, 1, 1.5, 2, 3, 4, 6, -0, -0.5, -1, -1.5, -2, -3, -4, -6,
    ]);
  });

  it('e8m0 codes are powers of two with 0xFF NaN', () => {
    const v = e8m0.values!();
    expect(v[0]).toBe(2 ** -127);
    expect(v[127]).toBe(1);
    expect(v[254]).toBe(2 ** 127);
    expect(v[255]).toBeNaN();
  });
});

describe('ONNX Cast conformance', () => {
  const encodeCases: [string, Format & { codec: MinifloatCodec }, object][] = [
    ['test_cast_FLOAT_to_BFLOAT16', bf16, {}],
    ['test_cast_FLOAT_to_FLOAT8E4M3FN', fp8E4m3fn, {}],
    ['test_cast_FLOAT_to_FLOAT8E4M3FNUZ', fp8E4m3fnuz, {}],
    ['test_cast_FLOAT_to_FLOAT8E5M2', fp8E5m2, {}],
    ['test_cast_FLOAT_to_FLOAT8E5M2FNUZ', fp8E5m2fnuz, {}],
    ['test_cast_e8m0_FLOAT_to_FLOAT8E8M0', e8m0, { rounding: 'away-from-zero' }],
  ];
  it.each(encodeCases)('%s', (name, format, options) => {
    const c = onnxCase(name);
    const input = Float32Array.from(floatValues(c.input(0)));
    const expected = codesOf(format, rawBytes(c.output(0), format.bits / 8), input.length);
    expect(codesOf(format, format.encode(input, options), input.length)).toEqual(expected);
  });

  it.each([
    ['test_cast_FLOAT16_to_FLOAT8E4M3FN', fp8E4m3fn],
    ['test_cast_FLOAT16_to_FLOAT8E5M2', fp8E5m2],
  ] as const)('%s (f16 input widened exactly to f32 first)', async (name, format) => {
    const { f16 } = await import('@lowbit/core');
    const c = onnxCase(name);
    const input = c.input(0);
    const n = input.dims.reduce((a, b) => a * b, 1);
    const widened = f16.decode(rawBytes(input, 2), n);
    expect(Array.from(format.encode(widened))).toEqual(Array.from(rawBytes(c.output(0), 1)));
  });

  const decodeCases: [string, Format][] = [
    ['test_cast_BFLOAT16_to_FLOAT', bf16],
    ['test_cast_FLOAT8E4M3FN_to_FLOAT', fp8E4m3fn],
    ['test_cast_FLOAT8E4M3FNUZ_to_FLOAT', fp8E4m3fnuz],
    ['test_cast_FLOAT8E5M2_to_FLOAT', fp8E5m2],
    ['test_cast_FLOAT8E5M2FNUZ_to_FLOAT', fp8E5m2fnuz],
    ['test_cast_FLOAT4E2M1_to_FLOAT', fp4E2m1fn],
    ['test_cast_e8m0_FLOAT8E8M0_to_FLOAT', e8m0],
  ];
  it.each(decodeCases)('%s', (name, format) => {
    const c = onnxCase(name);
    const expected = floatValues(c.output(0));
    const got = Array.from(
      format.decode(rawBytes(c.input(0), Math.max(1, format.bits / 8)), expected.length),
    );
    expect(got.map((v) => (Number.isNaN(v) ? 'NaN' : v))).toEqual(
      expected.map((v) => (Number.isNaN(v) ? 'NaN' : v)),
    );
  });

  it.each([
    ['test_cast_FLOAT8E4M3FN_to_FLOAT16', fp8E4m3fn],
    ['test_cast_FLOAT8E5M2_to_FLOAT16', fp8E5m2],
  ] as const)('%s (decode, then f16 encode)', async (name, format) => {
    const { f16 } = await import('@lowbit/core');
    const c = onnxCase(name);
    const input = rawBytes(c.input(0), 1);
    const got = f16.encode(format.decode(input, input.length));
    const expected = rawBytes(c.output(0), 2);
    for (let i = 0; i < input.length; i++) {
      const code = got[2 * i]! | (got[2 * i + 1]! << 8);
      const want = expected[2 * i]! | (expected[2 * i + 1]! << 8);
      if ((want & 0x7c00) === 0x7c00 && (want & 0x3ff) !== 0)
        expect((code & 0x7c00) === 0x7c00 && (code & 0x3ff) !== 0).toBe(true);
      else expect(code).toBe(want);
    }
  });
});

describe.each(minifloatFormats.map((f) => [f.name, f] as const))(
  '%s exhaustively',
  (_name, format) => {
    const { codec } = format;
    const size = 2 ** codec.bits;
    const oracle = minifloatOracle(codec);
    const modes: DeterministicRounding[] = [
      'nearest-even',
      'toward-zero',
      'half-away',
      'away-from-zero',
    ];

    it('every code decodes then re-encodes to itself (NaN codes → the canonical NaN code)', () => {
      const values = format.values!();
      const bad: number[] = [];
      for (let code = 0; code < size; code++) {
        const back = codec.encodeBits(bitsOf(values[code]!));
        const want = Number.isNaN(values[code]!) ? codec.nanCode : code;
        if (back !== want) bad.push(code);
      }
      expect(bad).toEqual([]);
    });

    it('packs and unpacks every code through encode/decode', () => {
      const values = format.values!().filter((v) => !Number.isNaN(v));
      const decoded = format.decode(format.encode(values, { overflow: 'special' }), values.length);
      expect(Array.from(decoded)).toEqual(Array.from(values));
    });

    it('rounds every tie, and the floats either side of it, as the oracle says', () => {
      const bad: string[] = [];
      const magnitudes = Array.from({ length: codec.maxCode + 1 }, (_, c) => codec.value(c));
      const overflowFor = (mode: DeterministicRounding, sign: number) =>
        codec.encodeBits(
          bitsOf(sign * Number.POSITIVE_INFINITY),
          mode,
          format.defaults.overflow === 'saturate',
        );
      for (let code = 0; code < codec.maxCode; code++) {
        const mid = (magnitudes[code]! + magnitudes[code + 1]!) / 2;
        for (const x of [mid, -mid]) {
          const bits = bitsOf(x);
          for (const probe of [bits - 1, bits, bits + 1]) {
            const value = floatOf(probe);
            for (const mode of modes) {
              const got = codec.encodeBits(probe, mode, format.defaults.overflow === 'saturate');
              const want = oracle(value, mode, overflowFor(mode, Math.sign(value)));
              if (got !== want) bad.push(`${value} ${mode}: got ${got}, want ${want}`);
            }
          }
        }
      }
      expect(bad.slice(0, 8)).toEqual([]);
    });

    it('agrees with the oracle on random float32 inputs near its range', () => {
      const rng = createRng(codec.bits * 1000 + codec.maxCode);
      const bad: string[] = [];
      const lo = Math.log2(format.range.minSubnormal) - 3;
      const hi = Math.log2(format.range.max) + 2;
      for (let i = 0; i < 20_000; i++) {
        const x = Math.fround(
          (rng.nextFloat() < 0.5 ? -1 : 1) * 2 ** (lo + (hi - lo) * rng.nextFloat()),
        );
        if (!Number.isFinite(x)) continue;
        for (const mode of modes) {
          const saturate = format.defaults.overflow === 'saturate';
          const overflow = codec.encodeBits(
            bitsOf(Math.sign(x) * Number.POSITIVE_INFINITY),
            mode,
            saturate,
          );
          const got = codec.encodeBits(bitsOf(x), mode, saturate);
          const want = oracle(x, mode, overflow);
          if (got !== want) bad.push(`${x} ${mode}: got ${got}, want ${want}`);
        }
      }
      expect(bad.slice(0, 8)).toEqual([]);
    });

    it('encodes monotonically', () => {
      const rng = createRng(7);
      const low = format.range.min < 0 ? -0.5 : 0;
      const xs = Float32Array.from(
        { length: 4000 },
        () => (rng.nextFloat() + low) * 4 * format.range.max,
      );
      xs.sort();
      const ys = format.decode(format.encode(xs), xs.length);
      for (let i = 1; i < ys.length; i++)
        if (!Number.isNaN(ys[i]!)) expect(ys[i]! >= ys[i - 1]!).toBe(true);
    });

    it('stochastic rounding is seeded and unbiased between neighbours', () => {
      const a = codec.value(Math.floor(codec.maxCode / 2));
      const b = codec.value(Math.floor(codec.maxCode / 2) + 1);
      const x = Math.fround(a + (b - a) * 0.25);
      const input = new Float32Array(8000).fill(x);
      const bytes = format.encode(input, { rounding: 'stochastic', seed: 5 });
      expect(format.encode(input, { rounding: 'stochastic', seed: 5 })).toEqual(bytes);
      const out = format.decode(bytes, input.length);
      const ups = out.filter((v) => v === b).length;
      expect(out.every((v) => v === a || v === b)).toBe(true);
      const p = (x - a) / (b - a);
      const sd = Math.sqrt(input.length * p * (1 - p));
      expect(Math.abs(ups - input.length * p)).toBeLessThan(5 * sd + 1);
    });
  },
);

describe('special values', () => {
  const one = (f: Format & { codec: MinifloatCodec }, x: number, options = {}) =>
    codesOf(f, f.encode(Float32Array.of(x), options), 1)[0];
  it('saturates or follows the format’s own rule on overflow', () => {
    expect(one(fp8E4m3fn, 1e6)).toBe(0x7e);
    expect(one(fp8E4m3fn, 1e6, { overflow: 'special' })).toBe(0x7f);
    expect(one(fp8E4m3fn, Number.NEGATIVE_INFINITY, { overflow: 'special' })).toBe(0xff);
    expect(one(fp8E5m2, Number.POSITIVE_INFINITY)).toBe(0x7b);
    expect(one(fp8E5m2, Number.POSITIVE_INFINITY, { overflow: 'special' })).toBe(0x7c);
    expect(one(fp8E5m2fnuz, Number.NEGATIVE_INFINITY, { overflow: 'special' })).toBe(0x80);
    expect(one(fp4E2m1fn, Number.POSITIVE_INFINITY, { overflow: 'special' })).toBe(0x7);
    expect(one(bf16, 1e39)).toBe(0x7f80);
  });
  it('has no negative zero where the format has none', () => {
    expect(one(fp8E4m3fnuz, -0)).toBe(0);
    expect(one(fp8E4m3fnuz, -1e-9)).toBe(0);
    expect(one(fp8E4m3fn, -0)).toBe(0x80);
  });
  it('encodes NaN per format (fp4/fp6 have none: the zero of the opposite sign, as ml_dtypes)', () => {
    expect(one(fp4E2m1fn, Number.NaN)).toBe(0x8);
    expect(one(fp4E2m1fn, floatOf(0xffc00000))).toBe(0);
    expect(one(fp6E3m2fn, Number.NaN)).toBe(0x20);
    expect(one(fp6E2m3fn, floatOf(0xffc00000))).toBe(0);
    expect(one(e8m0, -1)).toBe(0xff);
    expect(one(e8m0, 0)).toBe(0);
  });
  it('packs fp6 as 4 values per 3 bytes, low bits first', () => {
    const bytes = fp6E2m3fn.encode(Float32Array.of(0.125, 7.5, -0.125, 1));
    expect(bytes.length).toBe(3);
    // codes 0x01, 0x1f, 0x21, 0x08 → bit stream 000001 011111 100001 001000 (LSB first)
    expect(Array.from(bytes)).toEqual([
      0x01 | ((0x1f << 6) & 0xff),
      (0x1f >> 2) | ((0x21 & 0xf) << 4),
      (0x21 >> 4) | (0x08 << 2),
    ]);
  });
});
