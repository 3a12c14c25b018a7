/** The one power-of-two test shared by every package (FFT lengths, MX shared scales). */

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * True when x is exactly 2^k for an integer k: 1024, 1, 0.5 and 2^-1074 are; 0, negatives, NaN,
 * ±Inf and 6 are not. Read from the float64 bits (a normal has an all-zero mantissa, a subnormal
 * one set bit), so it is exact where `Math.log2` may round.
 *
 * @example isPowerOfTwo(4096) // true
 * @example isPowerOfTwo(0.75) // false
 */
export function isPowerOfTwo(x: number): boolean {
  if (!(x > 0) || x === Number.POSITIVE_INFINITY) return false;
  scratch[0] = x;
  const high = words[HIGH]!;
  const low = words[1 - HIGH]!;
  const mantissaHigh = high & 0xfffff;
  if (high >>> 20 !== 0) return mantissaHigh === 0 && low === 0;
  // Subnormal: exactly one mantissa bit set across the two words.
  return mantissaHigh === 0
    ? (low & (low - 1)) === 0
    : low === 0 && (mantissaHigh & (mantissaHigh - 1)) === 0;
}
