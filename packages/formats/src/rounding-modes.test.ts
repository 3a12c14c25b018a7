/**
 * The rounding contract, over every format: each declared mode does what format.ts documents,
 * an undeclared one is refused with E_UNSUPPORTED, and `stochastic` is unbiased and seeded.
 */
import {
  ErrorCode,
  type Format,
  f16,
  LowbitError,
  type RoundingMode,
  roundingModes,
} from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { allFormats } from './register-all.ts';

const formats: readonly Format[] = [f16, ...allFormats];
/** ggml types that decode only: encoding refuses them whatever the options. */
const encodable = formats.filter((f) => (f as { canEncode?: boolean }).canEncode !== false);
const stochastic = encodable.filter((f) => f.roundingModes.includes('stochastic'));

/** `count` values: every 16th is 1 (it pins block scales), the rest `x`. */
function pinned(x: number, count: number): Float32Array {
  return Float32Array.from({ length: count }, (_, i) => (i % 16 === 0 ? 1 : x));
}

function refusal(format: Format, rounding: RoundingMode): LowbitError | undefined {
  try {
    format.encode(pinned(0.3, 256), { rounding, seed: 1 });
  } catch (e) {
    if (e instanceof LowbitError) return e;
    throw e;
  }
  return undefined;
}

describe('rounding modes', () => {
  it('the formats the NVFP4 training recipe and quantizers rely on support stochastic', () => {
    const names = stochastic.map((f) => f.name);
    for (const name of [
      'nvfp4',
      'nvfp4_scaled',
      'mxfp4',
      'mxfp8_e4m3',
      'mxint8',
      'int4',
      'fp8_e4m3fn',
      'e8m0',
    ])
      expect(names, name).toContain(name);
  });

  it.each(encodable.map((f) => [f.name, f] as const))(
    '%s: every mode is either accepted or refused with E_UNSUPPORTED naming the supported ones',
    (_, format) => {
      for (const rounding of roundingModes) {
        const error = refusal(format, rounding);
        if (format.roundingModes.includes(rounding)) {
          expect(error, rounding).toBeUndefined();
        } else {
          expect(error?.code, rounding).toBe(ErrorCode.Unsupported);
          expect(error?.message).toContain(`use one of ${format.roundingModes.join(', ')}`);
        }
      }
    },
  );

  it.each(stochastic.map((f) => [f.name, f] as const))(
    '%s: stochastic encode is unbiased (z-score) and reproducible by seed',
    (_, format) => {
      const x = Math.fround(0.3);
      const input = pinned(x, 4096);
      const bytes = format.encode(input, { rounding: 'stochastic', seed: 1 });
      expect(format.encode(input, { rounding: 'stochastic', seed: 1 })).toEqual(bytes);
      expect(format.encode(input, { rounding: 'stochastic', seed: 2 })).not.toEqual(bytes);
      const decoded = format.decode(bytes, input.length).filter((_, i) => i % 16 !== 0);
      const n = decoded.length;
      const mean = decoded.reduce((s, v) => s + v, 0) / n;
      const sd = Math.sqrt(decoded.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
      // Nearest rounding would give one value (sd 0) and a bias of up to half a step.
      expect(sd).toBeGreaterThan(0);
      expect(Math.abs(mean - x) / (sd / Math.sqrt(n))).toBeLessThan(5);
    },
  );

  const scalars = encodable.filter((f) => f.values !== undefined);
  it.each(scalars.map((f) => [f.name, f] as const))(
    '%s: each declared mode picks the neighbour its definition names',
    (_, format) => {
      const grid = Float64Array.from(new Set(format.values!().filter(Number.isFinite))).sort();
      const { min, max, minSubnormal } = format.range;
      const xs = Float32Array.from({ length: 2000 }, (_, i) => {
        const magnitude =
          2 ** (Math.log2(minSubnormal) + ((i * 0.618034) % 1) * Math.log2(max / minSubnormal));
        return Math.min(max, Math.max(min, i % 2 === 0 ? magnitude : -magnitude));
      });
      for (const rounding of format.roundingModes) {
        const out = format.decode(format.encode(xs, { rounding, seed: 3 }), xs.length);
        for (let i = 0; i < xs.length; i++) {
          const x = xs[i]!;
          const hi = grid.findIndex((v) => v >= x);
          const lo = grid[hi] === x ? hi : hi - 1;
          const [below, above] = [grid[lo]!, grid[hi]!];
          const [nearer, farther] =
            Math.abs(below) <= Math.abs(above) ? [below, above] : [above, below];
          const got = out[i]!;
          // Posits round the bit string, where cut exponent bits put the midpoint at the
          // geometric mean; posit.test.ts pins their nearest modes code by code.
          const nearest = (tie: number[]) =>
            format.family === 'posit'
              ? [below, above]
              : x - below === above - x
                ? tie
                : [x - below < above - x ? below : above];
          const want = {
            'toward-zero': [nearer],
            'away-from-zero': [farther],
            'nearest-even': nearest([below, above]),
            'half-away': nearest([farther]),
            stochastic: [below, above],
          }[rounding];
          if (!want.includes(got)) expect(`${rounding} ${x} → ${got}`).toBe(`one of ${want}`);
        }
      }
    },
  );
});
