/**
 * A table-driven encoder for minifloats of at most 8 bits under round-to-nearest-even with
 * saturation (what quantizers and the block formats use), bit-identical to the codec's
 * `encodeBits` and several times faster.
 *
 * Codes are ordered by magnitude, so the code of |x| is the number of rounding thresholds
 * (midpoints between neighbouring values) below it; at a threshold itself the even code wins.
 * The midpoints need one bit more than the format's mantissa, so they are exact float32 values,
 * and on non-negative float32 bit patterns integer order is value order: everything is compared
 * as bits. A table indexed by the top bits of |x| (exponent and mantissa + 1 bits) gives the
 * thresholds below the start of each bucket; each bucket holds at most one more, checked when the
 * table is built. NaN and ±Inf go to the codec.
 */
import type { MinifloatCodec } from '@lowbit/core';

/** Code of a float32 bit pattern, nearest-even, saturating. */
export type NearestEncoder = (bits: number) => number;

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

export function float32Bits(x: number): number {
  scratch[0] = x;
  return scratchBits[0]!;
}

/** The fast encoder for `codec`, or undefined where it does not apply (over 8 bits, e8m0). */
export function nearestEvenEncoder(codec: MinifloatCodec): NearestEncoder | undefined {
  const { spec, maxCode, bits } = codec;
  if (bits > 8 || spec.policy === 'e8m0' || spec.mantissaBits < 1) return undefined;
  const signBit = 1 << (spec.exponentBits + spec.mantissaBits);
  const negativeZero = spec.policy !== 'fnuz';
  // midpoint[k] lies between codes k and k + 1; past the largest code nothing rounds up.
  const midpoint = new Uint32Array(maxCode + 1);
  for (let k = 0; k < maxCode; k++) {
    const mid = (codec.value(k) + codec.value(k + 1)) / 2;
    if (Math.fround(mid) !== mid) return undefined;
    midpoint[k] = float32Bits(mid);
  }
  midpoint[maxCode] = 0x7f800000;
  const shift = 22 - spec.mantissaBits;
  const below = new Uint8Array(2 ** (31 - shift));
  for (let b = 0, k = 0; b < below.length; b++) {
    while (k < maxCode && midpoint[k]! < b * 2 ** shift) k++;
    below[b] = k;
    if (k < maxCode && midpoint[k + 1]! < (b + 1) * 2 ** shift) return undefined;
  }
  return (x) => {
    const magnitude = x & 0x7fffffff;
    if (magnitude >= 0x7f800000) return codec.encodeBits(x, 'nearest-even', true);
    const k = below[magnitude >>> shift]!;
    const m = midpoint[k]!;
    const code = magnitude > m || (magnitude === m && (k & 1) === 1) ? k + 1 : k;
    if (x >>> 31 === 0 || (code === 0 && !negativeZero)) return code;
    return signBit | code;
  };
}

/** `encoder` on a number, rounded to float32 first (as `encodeBits` of its float32 bits). */
export function encodeNumber(encoder: NearestEncoder, x: number): number {
  return encoder(float32Bits(x));
}
