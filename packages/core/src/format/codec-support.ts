/** Small helpers every codec uses: option defaults, length checks, the stochastic stream. */
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
  format: Pick<Format, 'name' | 'defaults'>,
  options: EncodeOptions = {},
): ResolvedEncodeOptions {
  const rounding = options.rounding ?? format.defaults.rounding;
  if (!roundingModes.includes(rounding)) {
    throw new LowbitError(
      ErrorCode.Argument,
      `Unknown rounding "${rounding}" for ${format.name}; use one of ${roundingModes.join(', ')}.`,
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
