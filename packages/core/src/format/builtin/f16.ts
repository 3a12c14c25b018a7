/**
 * IEEE 754 binary16 (half precision), stored little-endian: 5 exponent bits, 10 mantissa bits,
 * bias 15, IEEE infinities and NaN. An instance of the parametric minifloat (../minifloat.ts).
 *
 * NaN encodes as a quiet NaN keeping the top 10 payload bits (canonical NaN → 0x7e00); NaN
 * decodes to the canonical float32 NaN.
 */
import type { Rng } from '../../rng/xoshiro128.ts';
import type { RoundingMode } from '../format.ts';
import { defineMinifloat } from '../minifloat.ts';

export const f16 = defineMinifloat({
  name: 'f16',
  family: 'ieee-float',
  summary: 'IEEE 754 binary16 (half precision)',
  exponentBits: 5,
  mantissaBits: 10,
  bias: 15,
  policy: 'ieee',
});

/** Value of one binary16 code. */
export function halfToFloat(code: number): number {
  return f16.codec.value(code);
}

/** binary16 code for a float32 bit pattern. */
export function halfFromFloatBits(
  bits: number,
  rounding: RoundingMode = 'nearest-even',
  saturate = false,
  rng?: Rng,
): number {
  return f16.codec.encodeBits(bits, rounding, saturate, rng);
}
