import type { RoundingMode } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import {
  bitMismatches,
  fixtureBytes,
  fixtureFloats,
  fixtureJson,
  relativeMse,
} from '../../../../tooling/test-helpers/fixtures.ts';
import { mxFormats, mxfp4, mxfp8E4m3, mxint8, sharedExponent } from './mx.ts';

interface MxCase {
  element_format: string;
  rounding: 'even' | 'nearest' | 'floor';
  dequant: string;
  rel_mse: number;
}

const byElement: Record<string, (typeof mxFormats)[number]> = {
  fp8_e4m3: mxFormats[0],
  fp8_e5m2: mxFormats[1],
  fp6_e2m3: mxFormats[2],
  fp6_e3m2: mxFormats[3],
  fp4_e2m1: mxFormats[4],
  int8: mxFormats[5],
};
const rounding: Record<MxCase['rounding'], RoundingMode> = {
  even: 'nearest-even',
  nearest: 'half-away',
  floor: 'toward-zero',
};

describe('microxcaling golden vectors (bit for bit)', () => {
  const manifest = fixtureJson<{ cases: MxCase[] }>('mx/manifest.json');
  const input = fixtureFloats('mx/input.f32');
  it.each(manifest.cases.map((c) => [`${c.element_format} ${c.rounding}`, c] as const))(
    '%s',
    (_label, c) => {
      const format = byElement[c.element_format]!;
      const want = fixtureFloats(`mx/${c.dequant}`);
      const got = format.decode(
        format.encode(input, { rounding: rounding[c.rounding] }),
        input.length,
      );
      // Deliberate deviation: int8 elements have no −0; microxcaling's float QDQ keeps the sign of a
      // negative value that rounds to zero. Every other bit must match.
      const unsignedZeros = (a: Float32Array) =>
        format === mxint8 ? a.map((v) => (v === 0 ? 0 : v)) : a;
      expect(bitMismatches(unsignedZeros(got), unsignedZeros(want))).toEqual([]);
      expect(relativeMse(input, got)).toBeCloseTo(c.rel_mse, 6);
    },
  );
  it('covers all 18 cases', () => expect(manifest.cases.length).toBe(18));
});

describe('mxfp4 against ggml', () => {
  const input = fixtureFloats('ggml-blocks/input.f32');
  it('decodes ggml’s packed bytes bit for bit', () => {
    const got = mxfp4.decode(fixtureBytes('ggml-blocks/mxfp4.bin'), input.length);
    expect(bitMismatches(got, fixtureFloats('ggml-blocks/mxfp4.dequant.f32'))).toEqual([]);
  });
  it('encodes with error no worse than ggml’s (×1.05)', () => {
    const { types } = fixtureJson<{ types: { name: string; rel_mse: number }[] }>(
      'ggml-blocks/manifest.json',
    );
    const limit = types.find((t) => t.name === 'mxfp4')!.rel_mse * 1.05;
    const error = relativeMse(input, mxfp4.decode(mxfp4.encode(input), input.length));
    expect(error).toBeLessThanOrEqual(limit);
  });
  it('writes ggml’s reference bytes, except that we keep −0 (code 8) where ggml writes +0', () => {
    const plusZero = (bytes: Uint8Array) =>
      Array.from(bytes, (b, i) =>
        i % 17 === 0 ? b : ((b & 0xf) === 8 ? b & 0xf0 : b) & (b >> 4 === 8 ? 0x0f : 0xff),
      );
    const ours = mxfp4.encode(input);
    expect(plusZero(ours)).toEqual(plusZero(fixtureBytes('ggml-blocks/mxfp4.bin')));
    expect(plusZero(ours)).toEqual(Array.from(fixtureBytes('ggml-blocks/mxfp4.bin')));
  });
});

describe('MX block mechanics', () => {
  it('lays out a block as scale byte + elements', () => {
    expect(mxfp8E4m3.block).toMatchObject({ size: 32, bytes: 33 });
    expect(mxFormats.map((f) => f.block!.bytes)).toEqual([33, 33, 25, 25, 17, 33]);
    expect(mxFormats.map((f) => f.bitsPerValue)).toEqual([8.25, 8.25, 6.25, 6.25, 4.25, 8.25]);
  });

  it('pads a partial final block and decodes only the requested count', () => {
    const x = Float32Array.from({ length: 40 }, (_, i) => i - 20);
    const bytes = mxint8.encode(x);
    expect(bytes.length).toBe(66);
    expect(Array.from(mxint8.decode(bytes, 40))).toEqual(Array.from(x));
  });

  it('scales from the finite values: NaN stays one element, ±Inf saturates (not microxcaling)', () => {
    const x = new Float32Array(64).fill(1);
    x[3] = Number.NaN;
    x[40] = Number.NEGATIVE_INFINITY;
    const bytes = mxfp8E4m3.encode(x);
    expect(bytes[0]).toBe(127 - 8);
    expect(bytes[33]).toBe(127 - 8);
    const decoded = mxfp8E4m3.decode(bytes, 64);
    expect(decoded[3]).toBeNaN();
    expect(decoded[40]).toBe(-448 / 256);
    expect(decoded.filter((_, i) => i !== 3 && i !== 40).every((v) => v === 1)).toBe(true);
  });

  it('implements each scale rule', () => {
    const e4m3 = { emax: 8, max: 448, mantissaBits: 3 };
    expect(sharedExponent(448, 'floor', e4m3)).toBe(0);
    expect(sharedExponent(500, 'floor', e4m3)).toBe(0);
    expect(sharedExponent(500, 'ceil', e4m3)).toBe(1);
    expect(sharedExponent(512, 'ceil', e4m3)).toBe(1);
    expect(sharedExponent(500, 'rceil', e4m3)).toBe(1);
    expect(sharedExponent(448, 'rceil', e4m3)).toBe(0);
    expect(sharedExponent(449, 'rceil', e4m3)).toBe(1);
    expect(sharedExponent(511, 'even', e4m3)).toBe(1); // 511 rounds to 512 at 3 mantissa bits
    expect(sharedExponent(470, 'even', e4m3)).toBe(0);
    expect(sharedExponent(0, 'floor', e4m3)).toBe(-127);
    expect(sharedExponent(Number.POSITIVE_INFINITY, 'floor', e4m3)).toBeNaN();
    expect(sharedExponent(2 ** 127, 'floor', { emax: 0, max: 127 / 64, mantissaBits: 6 })).toBe(
      127,
    );
    expect(sharedExponent(Number.NaN, 'floor', e4m3)).toBeNaN();
  });

  it('never saturates under rceil, and does under floor', () => {
    const x = new Float32Array(32).fill(1);
    x[0] = 500;
    const floor = mxfp8E4m3.decode(mxfp8E4m3.encode(x), 32);
    const rceil = mxfp8E4m3.decode(mxfp8E4m3.encode(x, { scaleRule: 'rceil' }), 32);
    expect(floor[0]).toBe(448);
    expect(rceil[0]).toBe(512);
  });
});
