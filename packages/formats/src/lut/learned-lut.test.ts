import { createRng } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { fixtureFloats, relativeMse } from '../../../../tooling/test-helpers/fixtures.ts';
import { readHalf } from '../ggml/ggml-block.ts';
import { any4G128, defineLearnedLut, fitTable } from './learned-lut.ts';
import { nf4 } from './lut-formats.ts';

/** NF4 with a per-group absmax scale, the bitsandbytes recipe, as the baseline to beat. */
function nf4Absmax(x: Float32Array, group: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let g = 0; g < x.length; g += group) {
    const part = x.subarray(g, g + group);
    let amax = 0;
    for (const v of part) amax = Math.max(amax, Math.abs(v));
    const scaled = part.map((v) => (amax ? v / amax : 0));
    nf4.decode(nf4.encode(scaled), scaled.length).forEach((v, i) => {
      out[g + i] = v * amax;
    });
  }
  return out;
}

describe('learned 4-bit LUT (any4)', () => {
  const input = fixtureFloats('ggml-blocks/input.f32');

  it('stores a 16-entry f16 table and 4-bit indices per group', () => {
    expect(any4G128.block).toMatchObject({ size: 128, bytes: 96 });
    expect(any4G128.bitsPerValue).toBe(6);
    const bytes = any4G128.encode(input);
    expect(bytes.length).toBe((input.length / 128) * 96);
    const decoded = any4G128.decode(bytes, input.length);
    // Every decoded value is one of its group's 16 stored table entries.
    const halves = any4G128.decode(bytes, input.length);
    for (let g = 0; g < input.length / 128; g++) {
      const at = g * 96;
      const table = new Set<number>();
      for (let k = 0; k < 16; k++) table.add(readHalf(bytes, at + 2 * k));
      for (let i = 0; i < 128; i++) expect(table.has(halves[g * 128 + i]!)).toBe(true);
      expect(decoded[g * 128]).toBe(halves[g * 128]);
    }
  });

  it('beats NF4 with absmax scaling at the same group size on real-shaped data', () => {
    const ours = relativeMse(input, any4G128.decode(any4G128.encode(input), input.length));
    const baseline = relativeMse(input, nf4Absmax(input, 128));
    expect(ours).toBeLessThan(baseline);
  });

  it('Lloyd iterations never increase the error, and the fit is a fixed point', () => {
    const rng = createRng(9);
    const x = Float32Array.from({ length: 512 }, () => (rng.nextFloat() - 0.5) ** 3);
    const sse = (table: Float64Array) => {
      let e = 0;
      for (const v of x) {
        let best = Number.POSITIVE_INFINITY;
        for (const c of table) best = Math.min(best, (v - c) ** 2);
        e += best;
      }
      return e;
    };
    let previous = Number.POSITIVE_INFINITY;
    for (const iterations of [0, 1, 2, 5, 50]) {
      const error = sse(fitTable(x, iterations));
      expect(error).toBeLessThanOrEqual(previous + 1e-12);
      previous = error;
    }
    const fitted = fitTable(x, 200);
    expect(fitTable(x, 201)).toEqual(fitted);
  });

  it('represents a group with at most 16 distinct values exactly', () => {
    const levels = [-3, -1, -0.5, 0, 0.25, 1, 2, 8];
    const x = Float32Array.from({ length: 256 }, (_, i) => levels[i % levels.length]!);
    expect(Array.from(any4G128.decode(any4G128.encode(x), 256))).toEqual(Array.from(x));
  });

  it('validates its group size', () => {
    expect(() => defineLearnedLut({ groupSize: 3 })).toThrow(
      expect.objectContaining({ code: 'E_ARGUMENT' }),
    );
    expect(defineLearnedLut({ groupSize: 4096 }).name).toBe('any4_g4096');
  });
});
