/**
 * IEEE 754 binary16 (half precision), stored little-endian.
 *
 * Encoding works on the float32 bit pattern: the 23-bit significand (with its implicit bit) is
 * shifted right by 13 for normal results, by more for subnormal ones, and the shifted-out bits
 * decide the rounding. Adding one to a code always gives the next larger magnitude, so a
 * mantissa carry into the exponent needs no special case. Decoding reads a 65536-entry table.
 *
 * NaN encodes as a quiet NaN keeping the top 10 payload bits (canonical NaN → 0x7e00); NaN
 * decodes to the canonical float32 NaN.
 */
import type { Rng } from '../../rng/xoshiro128.ts';
import { checkDecodeInput, resolveEncodeOptions } from '../codec-support.ts';
import type { EncodeOptions, Format, RoundingMode } from '../format.ts';

const MAX_FINITE = 0x7bff;
const INFINITY = 0x7c00;

/** Value of one binary16 code. */
export function halfToFloat(code: number): number {
  const sign = code & 0x8000 ? -1 : 1;
  const exponent = (code >>> 10) & 0x1f;
  const mantissa = code & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}

let table: Float32Array | undefined;
const scratchFloat = new Float32Array(1);
const scratchBits = new Uint32Array(scratchFloat.buffer);

function decodeTable(): Float32Array {
  if (!table) {
    table = new Float32Array(65536);
    for (let code = 0; code < 65536; code++) table[code] = halfToFloat(code);
  }
  return table;
}

function overflowCode(sign: number, rounding: RoundingMode, saturate: boolean): number {
  return sign | (saturate || rounding === 'toward-zero' ? MAX_FINITE : INFINITY);
}

/** binary16 code for a float32 bit pattern. */
export function halfFromFloatBits(
  bits: number,
  rounding: RoundingMode = 'nearest-even',
  saturate = false,
  rng?: Rng,
): number {
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) {
    if (mantissa !== 0) return sign | 0x7e00 | (mantissa >>> 13);
    return sign | (saturate ? MAX_FINITE : INFINITY);
  }
  const e = exponent - 127;
  if (e > 15) return overflowCode(sign, rounding, saturate);
  const significand = exponent === 0 ? mantissa : mantissa | 0x800000;
  // Normal results keep 10 fraction bits (shift 13); subnormal ones lose one more per octave.
  const shift = e >= -14 ? 13 : -e - 1;
  const base = e >= -14 ? (e + 14) << 10 : 0;
  let code: number;
  if (shift < 25) {
    const kept = significand >>> shift;
    const rest = significand & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    let up: boolean;
    switch (rounding) {
      case 'nearest-even':
        up = rest > half || (rest === half && (kept & 1) === 1);
        break;
      case 'half-away':
        up = rest >= half;
        break;
      case 'toward-zero':
        up = false;
        break;
      case 'stochastic':
        up = rng!.nextU32() >>> (32 - shift) < rest;
        break;
    }
    code = base + kept + (up ? 1 : 0);
  } else {
    // |x| < 2^-25, below half the smallest subnormal: only stochastic rounding can go up.
    scratchBits[0] = bits & 0x7fffffff;
    const fraction = scratchFloat[0]! * 2 ** 24;
    code = rounding === 'stochastic' && rng!.nextU32() < fraction * 2 ** 32 ? 1 : 0;
  }
  if (code >= INFINITY) return overflowCode(sign, rounding, saturate);
  return sign | code;
}

export const f16: Format = Object.freeze({
  name: 'f16',
  family: 'ieee-float',
  summary: 'IEEE 754 binary16 (half precision)',
  bits: 16,
  bitsPerValue: 16,
  range: {
    max: 65504,
    min: -65504,
    minNormal: 2 ** -14,
    minSubnormal: 2 ** -24,
    epsilon: 2 ** -10,
  },
  special: { nan: 'ieee', infinity: true, negativeZero: true },
  defaults: { rounding: 'nearest-even', overflow: 'special' },
  byteLength: (count: number) => count * 2,
  encode(values: Float32Array, options?: EncodeOptions): Uint8Array {
    const { rounding, overflow, rng } = resolveEncodeOptions(f16, options);
    const saturate = overflow === 'saturate';
    const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
    const out = new Uint8Array(values.length * 2);
    for (let i = 0; i < bits.length; i++) {
      const code = halfFromFloatBits(bits[i]!, rounding, saturate, rng);
      out[2 * i] = code & 0xff;
      out[2 * i + 1] = code >>> 8;
    }
    return out;
  },
  decode(bytes: Uint8Array, count: number): Float32Array {
    checkDecodeInput(f16, bytes, count);
    const lut = decodeTable();
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = lut[bytes[2 * i]! | (bytes[2 * i + 1]! << 8)]!;
    return out;
  },
  values: () => decodeTable().slice(),
} satisfies Format);
