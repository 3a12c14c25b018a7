/**
 * Small helpers every codec uses: option defaults, length checks, and the one rounding
 * routine (`roundsUp`) with its stochastic stream.
 */
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';
import { createRng, type Rng } from '../rng/xoshiro128.ts';
import {
  type EncodeOptions,
  type Format,
  type OverflowMode,
  type RoundingMode,
  roundingModes,
  type ScaleRule,
  scaleRules,
} from './format.ts';

export interface ResolvedEncodeOptions {
  rounding: RoundingMode;
  overflow: OverflowMode;
  scaleRule: ScaleRule;
  /** Present only when rounding is `stochastic`. */
  rng: Rng | undefined;
}

export function resolveEncodeOptions(
  format: Pick<Format, 'name' | 'defaults' | 'roundingModes'>,
  options: EncodeOptions = {},
): ResolvedEncodeOptions {
  const rounding = options.rounding ?? format.defaults.rounding;
  if (!roundingModes.includes(rounding)) {
    throw new LowbitError(
      ErrorCode.Argument,
      `Unknown rounding "${rounding}" for ${format.name}; use one of ${roundingModes.join(', ')}.`,
    );
  }
  if (!format.roundingModes.includes(rounding)) {
    throw new LowbitError(
      ErrorCode.Unsupported,
      `${format.name} does not support rounding "${rounding}"; use one of ${format.roundingModes.join(', ')}.`,
      { details: { format: format.name, rounding, supported: [...format.roundingModes] } },
    );
  }
  const overflow = options.overflow ?? format.defaults.overflow;
  if (overflow !== 'saturate' && overflow !== 'special') {
    throw new LowbitError(
      ErrorCode.Argument,
      `Unknown overflow "${overflow}" for ${format.name}; use "saturate" or "special".`,
    );
  }
  const scaleRule = options.scaleRule ?? 'floor';
  if (!scaleRules.includes(scaleRule)) {
    throw new LowbitError(
      ErrorCode.Argument,
      `Unknown scale rule "${scaleRule}" for ${format.name}; use one of ${scaleRules.join(', ')}.`,
    );
  }
  const rng = rounding === 'stochastic' ? (options.rng ?? createRng(options.seed ?? 0)) : undefined;
  return { rounding, overflow, scaleRule, rng };
}

export function checkCount(format: Pick<Format, 'name'>, count: number): void {
  if (!(Number.isSafeInteger(count) && count >= 0)) {
    throw new LowbitError(
      ErrorCode.Argument,
      `${format.name}: element count must be a non-negative integer, got ${count}.`,
    );
  }
}

export function checkDecodeInput(
  format: Pick<Format, 'name' | 'byteLength'>,
  bytes: Uint8Array,
  count: number,
): void {
  checkCount(format, count);
  const needed = format.byteLength(count);
  if (bytes.length < needed) {
    throw new LowbitError(
      ErrorCode.Argument,
      `${format.name}: decoding ${count} values needs ${needed} bytes but only ${bytes.length} were given.`,
      { details: { format: format.name, needed, given: bytes.length } },
    );
  }
}

/**
 * The rounding decision every codec shares: whether `value`, with `lower` ≤ value ≤ `upper` two
 * adjacent points of the format's grid, rounds to `upper`. The three numbers may be given in any
 * frame in which their differences are exact (a codec that cuts `shift` bits off passes the cut
 * bits, 0 and 2^shift). Which neighbour lies toward zero is read from their magnitudes, so a
 * frame of magnitudes and a frame of signed values both work. `upperIsEven` says which
 * neighbour's code is even, for `nearest-even` ties.
 *
 * `stochastic` draws exactly one 32-bit word per call (exact values included, so the stream
 * position depends only on how many values were encoded) and goes up with probability
 * (value − lower) / (upper − lower), resolved to 2^−32.
 */
export function roundsUp(
  value: number,
  lower: number,
  upper: number,
  rounding: RoundingMode,
  rng: Rng | undefined,
  upperIsEven: boolean,
): boolean {
  if (rounding === 'stochastic') {
    return rng!.nextU32() < ((value - lower) / (upper - lower)) * 2 ** 32;
  }
  if (value === lower) return false;
  if (value === upper) return true;
  const lowerIsTowardZero = Math.abs(lower) <= Math.abs(upper);
  switch (rounding) {
    case 'toward-zero':
      return !lowerIsTowardZero;
    case 'away-from-zero':
      return lowerIsTowardZero;
    case 'nearest-even':
    case 'half-away': {
      const excess = value - lower - (upper - value);
      if (excess !== 0) return excess > 0;
      return rounding === 'nearest-even' ? upperIsEven : lowerIsTowardZero;
    }
  }
}
