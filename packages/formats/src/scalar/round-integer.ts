/** Rounding a real number to an integer under each RoundingMode (exact for |x| < 2^52). */
import { type Rng, type RoundingMode, roundsUp } from '@lowbit/core';

export function roundToInteger(x: number, rounding: RoundingMode, rng?: Rng): number {
  const floor = Math.floor(x);
  return roundsUp(x, floor, floor + 1, rounding, rng, floor % 2 !== 0) ? floor + 1 : floor;
}
