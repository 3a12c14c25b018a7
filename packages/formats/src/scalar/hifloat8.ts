/**
 * HiFloat8 (HiF8; Luo et al., "Ascend HiFloat8 Format for Deep Learning", 2024): 8 bits with
 * tapered precision. After the sign bit a prefix-coded "dot" field gives the exponent width D:
 *
 *   dot 11   → D = 4, 1 mantissa bit   (exponents ±8 … ±15)
 *   dot 10   → D = 3, 2 mantissa bits  (±4 … ±7)
 *   dot 01   → D = 2, 3 mantissa bits  (±2, ±3)
 *   dot 001  → D = 1, 3 mantissa bits  (±1)
 *   dot 0001 → D = 0, 3 mantissa bits  (exponent 0)
 *   dot 0000 → denormal: 3 bits m, value 2^(m − 23) (2^−22 … 2^−16); m = 0 is zero
 *
 * The D exponent bits are sign-magnitude with an implicit leading one (sign bit first, 1 =
 * negative). Value = (1 + mantissa/2^bits) · 2^exponent. Specials: one zero (0x00), NaN at 0x80
 * (the would-be −0), ±Inf at the top pattern of D = 4 (exponent +15, mantissa 1), so the
 * largest finite value is 2^15. That gives the paper's counts: 7 exponents × 3 mantissa bits,
 * 8 × 2, 16 × 1 (31 binades) plus 7 denormal binades.
 *
 * Encoding picks the nearest value; ties go away from zero by default (the paper's "TA"
 * rounding), or follow the requested mode between the two neighbours. Overflow saturates to
 * ±2^15 by default, or gives ±Inf with `overflow: 'special'`.
 */
import {
  checkDecodeInput,
  defineFormat,
  type EncodeOptions,
  type Format,
  type Rng,
  type RoundingMode,
  resolveEncodeOptions,
  roundingModes,
  roundsUp,
} from '@lowbit/core';

const NAN = 0x80;
const INF = 0x6f;

/** Value of a HiF8 code, from the field layout above. */
export function hif8Value(code: number): number {
  if (code === 0) return 0;
  if (code === NAN) return Number.NaN;
  const sign = code & 0x80 ? -1 : 1;
  const body = code & 0x7f;
  if ((body & 0x7f) === INF) return sign * Number.POSITIVE_INFINITY;
  let width: number;
  let mantissaBits: number;
  let rest: number;
  if (body >> 5 === 0b11) [width, mantissaBits, rest] = [4, 1, body & 0x1f];
  else if (body >> 5 === 0b10) [width, mantissaBits, rest] = [3, 2, body & 0x1f];
  else if (body >> 5 === 0b01) [width, mantissaBits, rest] = [2, 3, body & 0x1f];
  else if (body >> 4 === 0b001) [width, mantissaBits, rest] = [1, 3, body & 0xf];
  else if (body >> 3 === 0b0001) [width, mantissaBits, rest] = [0, 3, body & 0x7];
  else return sign * (body === 0 ? 0 : 2 ** ((body & 7) - 23));
  const mantissa = rest & ((1 << mantissaBits) - 1);
  const exponentField = rest >> mantissaBits;
  let exponent = 0;
  if (width > 0) {
    const magnitude = (1 << (width - 1)) | (exponentField & ((1 << (width - 1)) - 1));
    exponent = exponentField >> (width - 1) ? -magnitude : magnitude;
  }
  return sign * (1 + mantissa / 2 ** mantissaBits) * 2 ** exponent;
}

const table = Float32Array.from({ length: 256 }, (_, c) => hif8Value(c));
const positive = Array.from({ length: 128 }, (_, c) => c)
  .filter((c) => c !== INF)
  .sort((a, b) => table[a]! - table[b]!);
const sortedValues = Float64Array.from(positive, (c) => table[c]!);
const MAX = sortedValues[sortedValues.length - 1]!;

function encodeOne(
  x: number,
  rounding: RoundingMode,
  saturate: boolean,
  rng: Rng | undefined,
): number {
  if (Number.isNaN(x)) return NAN;
  const sign = x < 0 ? 0x80 : 0;
  const a = Math.abs(x);
  if (a === Number.POSITIVE_INFINITY)
    return saturate ? sign | positive[positive.length - 1]! : sign | INF;
  if (a > MAX) {
    // The next value the exponent range would give is 1.5·2^15 (its code is Inf), so the
    // rounding boundary is 1.25·2^15.
    // Ties go to MAX, whose code is the even one of the two.
    const overflows = roundsUp(a, MAX, MAX * 1.5, rounding, rng, false);
    return overflows && !saturate ? sign | INF : sign | positive[positive.length - 1]!;
  }
  let lo = 0;
  let hi = sortedValues.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (sortedValues[mid]! <= a) lo = mid;
    else hi = mid;
  }
  const below = sortedValues[lo]!;
  const above = sortedValues[hi]!;
  const up = roundsUp(a, below, above, rounding, rng, positive[hi]! % 2 === 0);
  const code = positive[up ? hi : lo]!;
  return code === 0 ? 0 : sign | code;
}

export const hifloat8: Format = defineFormat({
  name: 'hifloat8',
  family: 'minifloat',
  summary:
    'HiFloat8 (Ascend HiF8): tapered dot-field exponent, denormals to 2^−22, max 2^15, NaN 0x80',
  bits: 8,
  bitsPerValue: 8,
  range: { max: MAX, min: -MAX, minNormal: 2 ** -15, minSubnormal: 2 ** -22, epsilon: 0.125 },
  // The dot-field prefix code has no closed form among the param kinds: its 256 values as a table.
  params: { kind: 'lut', bits: 8, values: Array.from(table) },
  special: { nan: 'single', infinity: true, negativeZero: false },
  roundingModes,
  defaults: { rounding: 'half-away', overflow: 'saturate' },
  byteLength: (count: number) => count,
  encode(values: Float32Array, options?: EncodeOptions): Uint8Array {
    const { rounding, overflow, rng } = resolveEncodeOptions(hifloat8, options);
    const out = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++)
      out[i] = encodeOne(values[i]!, rounding, overflow === 'saturate', rng);
    return out;
  },
  decode(bytes: Uint8Array, count: number): Float32Array {
    checkDecodeInput(hifloat8, bytes, count);
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = table[bytes[i]!]!;
    return out;
  },
  values: () => table.slice(),
});
