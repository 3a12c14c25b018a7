/** Command-line spellings of encode options (the CLI contract), mapped to library options. */
import {
  type EncodeOptions,
  ErrorCode,
  LowbitError,
  type RoundingMode,
  type ScaleRule,
  scaleRules,
} from '@lowbit/core';

const ROUNDING: Record<string, RoundingMode> = {
  rne: 'nearest-even',
  rtz: 'toward-zero',
  rna: 'half-away',
  raz: 'away-from-zero',
  stochastic: 'stochastic',
  'nearest-even': 'nearest-even',
  'toward-zero': 'toward-zero',
  'half-away': 'half-away',
  'away-from-zero': 'away-from-zero',
};

export interface CodecFlags {
  rounding?: string;
  seed?: string;
  saturate?: boolean;
  scaleRule?: string;
}

function usage(message: string): never {
  throw new LowbitError(ErrorCode.Usage, message);
}

export function encodeOptionsFrom(flags: CodecFlags): EncodeOptions {
  // Without --saturate / --no-saturate the format's own default applies (f16 keeps Inf).
  const options: EncodeOptions = {};
  if (flags.saturate !== undefined) options.overflow = flags.saturate ? 'saturate' : 'special';
  if (flags.rounding !== undefined) {
    const rounding = ROUNDING[flags.rounding];
    if (!rounding)
      usage(`--rounding must be one of rne, rtz, rna, raz, stochastic (got "${flags.rounding}").`);
    options.rounding = rounding;
  }
  if (flags.seed !== undefined) {
    if (!/^\d+$/.test(flags.seed))
      usage(`--seed must be a non-negative integer (got "${flags.seed}").`);
    options.seed = BigInt(flags.seed);
  }
  if (flags.scaleRule !== undefined) {
    if (!scaleRules.includes(flags.scaleRule as ScaleRule))
      usage(`--scale-rule must be one of ${scaleRules.join(', ')} (got "${flags.scaleRule}").`);
    options.scaleRule = flags.scaleRule as ScaleRule;
  }
  return options;
}
