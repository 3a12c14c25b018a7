/**
 * The ±Inf / NaN rule for every format with block scales: scales come from the finite values,
 * so a finite value decodes within its format's error bound whatever its neighbours are, and
 * ±Inf decodes to its block's largest magnitude with its own sign (saturate).
 */
import type { Format } from '@lowbit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allFormats } from '../register-all.ts';
import { nvfp4, nvfp4Scaled } from './nvfp4.ts';

/** A grid of `levels` values spanning [−A, A]: rounding plus scale error stays within one step. */
const gridStep = (levels: number) => 2 / (levels - 1);
/** MX, floor scale: A/2^s ∈ [2^emax, 2^(emax+1)) is clipped to the element max, then rounded. */
const mxBound = (max: number, emax: number, mantissaBits: number) =>
  1 - max / 2 ** (emax + 1) + 2 ** -(mantissaBits + 1);

/**
 * Largest |decoded − x| / A for a finite x, A = the largest finite magnitude in x's block.
 * NVFP4: E2M1's top gap is 2 at scale ≈ A/6, and the least-squares search may pick an E4M3
 * scale two codes (≤ 25%) below the rounded one, clipping A to ≈ 0.7·A. any4: k-means gives no
 * per-element guarantee; a quarter of A is about twice the worst seen on uniform data.
 */
const relativeBound: Record<string, number> = {
  mxfp8_e4m3: mxBound(448, 8, 3),
  mxfp8_e5m2: mxBound(57344, 15, 2),
  mxfp6_e2m3: mxBound(7.5, 2, 3),
  mxfp6_e3m2: mxBound(28, 4, 2),
  mxfp4: mxBound(6, 2, 1),
  mxint8: mxBound(127 / 64, 0, 6),
  nvfp4_scaled: 0.35,
  nvfp4: 0.35,
  any4_g128: 0.25,
  q4_0: gridStep(16),
  q4_1: gridStep(16),
  q5_0: gridStep(32),
  q5_1: gridStep(32),
  q8_0: gridStep(256),
  q2_K: gridStep(4),
  q3_K: gridStep(8),
  q4_K: gridStep(16),
  q5_K: gridStep(32),
  q6_K: gridStep(64),
  iq4_nl: gridStep(16),
  tq1_0: gridStep(3),
  tq2_0: gridStep(3),
  q1_0: gridStep(2),
  q2_0: gridStep(3),
};

const canEncode = (f: Format) => !('canEncode' in f) || f.canEncode === true;
const blockScaled = allFormats.filter(
  (f) => f.block !== undefined && f.block.scales.length > 0 && canEncode(f),
);

const special = fc.constantFrom(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN);

/** Finite values on a 0.01 grid in [−10, 10] (a quarter zeros) with non-finite ones dropped in. */
function inputs(blockSize: number) {
  return fc
    .record({
      finite: fc.array(
        fc.oneof(
          { weight: 3, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
          { weight: 1, arbitrary: fc.constant(0) },
        ),
        { minLength: 1, maxLength: 2 * blockSize },
      ),
      specials: fc.array(fc.tuple(fc.nat(), special), { minLength: 1, maxLength: 4 }),
    })
    .map(({ finite, specials }) => {
      const x = Float32Array.from(finite, (v) => v / 100);
      for (const [at, v] of specials) x[at % x.length] = v;
      return x;
    });
}

/**
 * The block's scale for the bound: its largest finite magnitude, or — where ±Inf is its only
 * non-zero content — the magnitude ±Inf decoded to (the format's documented fallback).
 */
function blockScale(x: Float32Array, decoded: Float32Array, start: number, end: number): number {
  let finite = 0;
  let infinite = 0;
  for (let i = start; i < end; i++) {
    if (Number.isFinite(x[i])) finite = Math.max(finite, Math.abs(x[i]!));
    else if (!Number.isNaN(x[i])) infinite = Math.max(infinite, Math.abs(decoded[i]!));
  }
  return finite || infinite;
}

function checkBlocks(format: Format, x: Float32Array): void {
  const size = format.block!.size;
  const decoded = format.decode(format.encode(x), x.length);
  for (let start = 0; start < x.length; start += size) {
    const end = Math.min(start + size, x.length);
    const amax = blockScale(x, decoded, start, end);
    const bound = relativeBound[format.name]! * amax;
    for (let i = start; i < end; i++) {
      const v = x[i]!;
      const d = decoded[i]!;
      const where = `${format.name}[${i}] = ${v} decoded ${d} (block scale ${amax})`;
      if (Number.isFinite(v)) {
        expect(Math.abs(d - v), where).toBeLessThanOrEqual(bound);
      } else if (!Number.isNaN(v)) {
        expect(Math.sign(d), where).toBe(Math.sign(v));
        expect(Math.abs(d), where).toBeGreaterThanOrEqual(amax - bound);
      }
    }
  }
}

describe('±Inf and NaN in block formats', () => {
  it('has an error bound for every block-scaled format that encodes', () => {
    expect(blockScaled.map((f) => f.name).sort()).toEqual(Object.keys(relativeBound).sort());
  });

  it.each(blockScaled.map((f) => [f.name, f] as const))(
    '%s: finite values keep their bound next to ±Inf/NaN; ±Inf saturates with its sign',
    (_, format) => {
      fc.assert(
        fc.property(inputs(format.block!.size), (x) => checkBlocks(format, x)),
        { numRuns: 40 },
      );
    },
  );

  it('nvfp4_scaled: [−Inf, 1 ×63] decodes to [−1, 1 ×63] (nvfp4: its nearest scale to 1)', () => {
    const x = new Float32Array(64).fill(1);
    x[0] = Number.NEGATIVE_INFINITY;
    expect(Array.from(nvfp4Scaled.decode(nvfp4Scaled.encode(x), 64))).toEqual(
      Array.from(x, Math.sign),
    );
    const ggml = nvfp4.decode(nvfp4.encode(x), 64);
    expect(ggml[1]).toBe(6 * 0.171875); // 1/6 rounds to the E4M3 code 0.171875
    expect(Array.from(ggml)).toEqual(Array.from(x, (v) => Math.sign(v) * ggml[1]!));
  });

  it('nvfp4_scaled: an Inf does not force the tensor scale to 1 (1e10 stays 1e10)', () => {
    const x = Float32Array.of(1e10, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0);
    const decoded = nvfp4Scaled.decode(nvfp4Scaled.encode(x), 4);
    expect(decoded[0]).toBeCloseTo(1e10, -5);
    expect(decoded[1]).toBe(decoded[0]);
    expect(decoded[2]).toBe(-decoded[0]!);
  });

  it('a block with no finite non-zero value still gives ±Inf a non-zero, signed value', () => {
    const x = Float32Array.of(Number.NEGATIVE_INFINITY, 0, Number.NaN, Number.POSITIVE_INFINITY);
    for (const format of blockScaled) {
      const decoded = format.decode(format.encode(x), 4);
      expect(decoded[0], format.name).toBeLessThan(0);
      expect(decoded[3], format.name).toBeGreaterThan(0);
      const bound = relativeBound[format.name]! * Math.abs(decoded[3]!);
      expect(Math.abs(decoded[1]!), format.name).toBeLessThanOrEqual(bound);
    }
  });
});
