/**
 * The one parser for numeric command-line flags. Every command validates its numbers here, so a
 * bad value (`--time abc`, `--threads 0`, `--count 1.5`) is an E_USAGE error naming the flag and
 * the range it accepts, never a NaN or a zero that the command then runs with.
 */
import { ErrorCode, LowbitError } from '@lowbit/core';

export interface FlagRange {
  /** Smallest accepted value (inclusive); default: no lower bound (−MAX_SAFE_INTEGER for integers). */
  min?: number;
  /** Largest accepted value (inclusive); default: no upper bound (MAX_SAFE_INTEGER for integers). */
  max?: number;
  /** The lower bound itself is refused (for "greater than 0" with decimals). */
  exclusiveMin?: boolean;
}

const INTEGER = /^[+-]?\d+$/;
// Plain decimals with an optional exponent: no hex, no "Infinity", no empty string.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function describeRange(kind: 'an integer' | 'a number', range: FlagRange): string {
  const { min, max, exclusiveMin } = range;
  if (min !== undefined && max !== undefined)
    return `${kind} ${exclusiveMin ? `greater than ${min} and at most` : `from ${min} to`} ${max}`;
  if (min !== undefined) return `${kind} ${exclusiveMin ? 'greater than' : 'of at least'} ${min}`;
  if (max !== undefined) return `${kind} of at most ${max}`;
  return kind;
}

function parseFlag(
  flag: string,
  text: string,
  range: FlagRange,
  kind: 'an integer' | 'a number',
): number {
  const pattern = kind === 'an integer' ? INTEGER : DECIMAL;
  const value = Number(text);
  const { min, max, exclusiveMin } = range;
  const inRange =
    (min === undefined || (exclusiveMin ? value > min : value >= min)) &&
    (max === undefined || value <= max) &&
    (kind === 'a number' || Number.isSafeInteger(value));
  if (!pattern.test(text.trim()) || !Number.isFinite(value) || !inRange) {
    throw new LowbitError(
      ErrorCode.Usage,
      `${flag} must be ${describeRange(kind, range)} (got "${text}").`,
      { details: { flag, value: text } },
    );
  }
  return value;
}

/** A whole number written in decimal digits, within `range`. */
export function parseIntegerFlag(flag: string, text: string, range: FlagRange = {}): number {
  return parseFlag(flag, text, range, 'an integer');
}

/** A finite decimal number (exponent allowed), within `range`. */
export function parseNumberFlag(flag: string, text: string, range: FlagRange = {}): number {
  return parseFlag(flag, text, range, 'a number');
}

/** A commander option parser: `.option('--threads <n>', '…', integerOption('--threads', { min: 1 }))`. */
export function integerOption(flag: string, range: FlagRange = {}): (text: string) => number {
  return (text) => parseIntegerFlag(flag, text, range);
}

export function numberOption(flag: string, range: FlagRange = {}): (text: string) => number {
  return (text) => parseNumberFlag(flag, text, range);
}
