import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';
import { createRng, type Rng } from '../rng/xoshiro128.ts';
import { f32 } from './builtin/f32.ts';
import { resolveEncodeOptions, roundsUp } from './codec-support.ts';
import { defineFormat } from './define-format.ts';
import type { Format, RoundingMode } from './format.ts';

/** An Rng that counts its draws and always returns `word`. */
function countingRng(word: number): Rng & { draws: number } {
  const rng = { ...createRng(1), draws: 0 };
  rng.nextU32 = () => {
    rng.draws++;
    return word;
  };
  return rng;
}

describe('roundsUp', () => {
  const deterministic: RoundingMode[] = [
    'nearest-even',
    'toward-zero',
    'half-away',
    'away-from-zero',
  ];

  it('breaks nearest-even ties toward the even code, half-away ties away from zero', () => {
    expect(roundsUp(2.5, 2, 3, 'nearest-even', undefined, false)).toBe(false);
    expect(roundsUp(2.5, 2, 3, 'nearest-even', undefined, true)).toBe(true);
    expect(roundsUp(2.5, 2, 3, 'half-away', undefined, false)).toBe(true);
    expect(roundsUp(-2.5, -3, -2, 'half-away', undefined, true)).toBe(false);
    expect(roundsUp(2.6, 2, 3, 'nearest-even', undefined, false)).toBe(true);
    expect(roundsUp(2.4, 2, 3, 'nearest-even', undefined, true)).toBe(false);
  });

  it('reads which neighbour lies toward zero from the magnitudes', () => {
    expect(roundsUp(2.9, 2, 3, 'toward-zero', undefined, false)).toBe(false);
    expect(roundsUp(-2.1, -3, -2, 'toward-zero', undefined, false)).toBe(true);
    expect(roundsUp(2.1, 2, 3, 'away-from-zero', undefined, false)).toBe(true);
    expect(roundsUp(-2.9, -3, -2, 'away-from-zero', undefined, false)).toBe(false);
    // A frame of cut-off bits (0 … 2^shift) is a frame of magnitudes.
    expect(roundsUp(5, 0, 8, 'toward-zero', undefined, false)).toBe(false);
  });

  it('keeps exact values in every deterministic mode', () => {
    for (const mode of deterministic) {
      expect(roundsUp(2, 2, 3, mode, undefined, true), mode).toBe(false);
      expect(roundsUp(-2, -3, -2, mode, undefined, false), mode).toBe(true);
    }
  });

  it('draws exactly one word per stochastic call, exact values included', () => {
    const rng = countingRng(0);
    roundsUp(2, 2, 3, 'stochastic', rng, false);
    roundsUp(2.25, 2, 3, 'stochastic', rng, false);
    expect(rng.draws).toBe(2);
    // Up exactly when the word is below (value − lower)/gap · 2^32.
    expect(roundsUp(2.25, 2, 3, 'stochastic', countingRng(2 ** 30 - 1), false)).toBe(true);
    expect(roundsUp(2.25, 2, 3, 'stochastic', countingRng(2 ** 30), false)).toBe(false);
  });

  it('is unbiased when stochastic', () => {
    const rng = createRng(3);
    const n = 40_000;
    let ups = 0;
    for (let i = 0; i < n; i++) if (roundsUp(0.3, 0, 1, 'stochastic', rng, false)) ups++;
    const z = (ups - n * 0.3) / Math.sqrt(n * 0.3 * 0.7);
    expect(Math.abs(z)).toBeLessThan(5);
  });
});

describe('resolveEncodeOptions', () => {
  const nearestOnly = { ...f32, name: 'nearest_only', roundingModes: ['nearest-even'] } as const;

  it('refuses a mode the format does not declare with E_UNSUPPORTED listing the supported ones', () => {
    let error: unknown;
    try {
      resolveEncodeOptions(nearestOnly, { rounding: 'stochastic' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LowbitError);
    expect((error as LowbitError).code).toBe(ErrorCode.Unsupported);
    expect((error as LowbitError).message).toContain('use one of nearest-even');
  });

  it('refuses an unknown mode as a bad argument', () => {
    expect(() => resolveEncodeOptions(f32, { rounding: 'up' as RoundingMode })).toThrow(
      expect.objectContaining({ code: ErrorCode.Argument }),
    );
  });

  it('f32 validates its options too', () => {
    expect(() => f32.encode(new Float32Array(1), { rounding: 'up' as RoundingMode })).toThrow(
      LowbitError,
    );
  });
});

describe('defineFormat roundingModes', () => {
  const base: Format = { ...f32, name: 'copy32' };

  it('needs a non-empty list of known modes that holds the default', () => {
    expect(() => defineFormat({ ...base, roundingModes: [] })).toThrow(
      expect.objectContaining({ code: ErrorCode.FormatInvalid }),
    );
    expect(() => defineFormat({ ...base, roundingModes: ['up' as RoundingMode] })).toThrow(
      expect.objectContaining({ code: ErrorCode.FormatInvalid }),
    );
    expect(() => defineFormat({ ...base, roundingModes: ['stochastic'] })).toThrow(
      /default rounding "nearest-even" is not in roundingModes/,
    );
    expect(defineFormat({ ...base, roundingModes: ['nearest-even'] }).roundingModes).toEqual([
      'nearest-even',
    ]);
  });
});
