/** Rounding a real number to an integer under each RoundingMode (exact for |x| < 2^52). */
import type { Rng, RoundingMode } from '@lowbit/core';

export function roundToInteger(x: number, rounding: RoundingMode, rng?: Rng): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction === 0) return floor;
  switch (rounding) {
    case 'nearest-even':
      return fraction > 0.5 || (fraction === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
    case 'half-away':
      return x > 0 ? (fraction >= 0.5 ? floor + 1 : floor) : fraction > 0.5 ? floor + 1 : floor;
    case 'toward-zero':
      return x > 0 ? floor : floor + 1;
    case 'away-from-zero':
      return x > 0 ? floor + 1 : floor;
    case 'stochastic':
      return rng!.nextFloat() < fraction ? floor + 1 : floor;
  }
}
