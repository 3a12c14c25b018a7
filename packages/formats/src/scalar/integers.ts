/**
 * Two's-complement and unsigned integers of 2, 3, 4, 5, 6 and 8 bits (6-bit: the value range of the
 * sub-block scales of ggml's k-quants and IQ4_XS), packed as a little-endian bit
 * stream (low bits first: ONNX INT4/INT2 order). Encoding rounds (default nearest-even), then
 * either saturates to [min, max] (`overflow: 'saturate'`, the default, as quantizers want) or
 * wraps modulo 2^bits (`overflow: 'special'`, the C-cast semantics of ONNX Cast to INT4/INT2).
 * NaN encodes to 0; ±Inf saturate under either mode.
 */
import { defineFormat, type Format, type IntegerParams, roundingModes } from '@lowbit/core';
import { roundToInteger } from './round-integer.ts';
import { tableCodec } from './table-codec.ts';

export interface IntegerSpec {
  name: string;
  bits: number;
  signed: boolean;
}

export interface IntegerFormat extends Format {
  readonly params: IntegerParams;
  readonly min: number;
  readonly max: number;
}

export function defineInteger({ name, bits, signed }: IntegerSpec): IntegerFormat {
  const count = 2 ** bits;
  const min = signed ? -(count / 2) : 0;
  const max = signed ? count / 2 - 1 : count - 1;
  const codeValue = (code: number) => (signed && code >= count / 2 ? code - count : code);
  const table = Float32Array.from({ length: count }, (_, code) => codeValue(code));
  const format: IntegerFormat = {
    name,
    family: 'integer',
    summary: `${signed ? 'signed two’s-complement' : 'unsigned'} ${bits}-bit integer, ${min}..${max}`,
    bits,
    bitsPerValue: bits,
    min,
    max,
    range: { max, min, minNormal: 1, minSubnormal: 1, epsilon: 1 },
    params: { kind: 'integer', bits, signed },
    special: { nan: 'none', infinity: false, negativeZero: false },
    roundingModes,
    defaults: { rounding: 'nearest-even', overflow: 'saturate' },
    ...tableCodec(
      () => format,
      bits,
      table,
      (x, { rounding, overflow, rng }) => {
        if (Number.isNaN(x)) return 0;
        let v = Number.isFinite(x) ? roundToInteger(x, rounding, rng) : x;
        if (overflow === 'saturate' || !Number.isFinite(v)) v = Math.min(max, Math.max(min, v));
        else v = ((((v - min) % count) + count) % count) + min;
        return v < 0 ? v + count : v;
      },
      (x) => {
        // Clamping first is the same as rounding first: min and max are integers.
        if (Number.isNaN(x)) return 0;
        const c = Math.min(max, Math.max(min, x));
        const floor = Math.floor(c);
        const fraction = c - floor;
        const v = fraction > 0.5 || (fraction === 0.5 && (floor & 1) !== 0) ? floor + 1 : floor;
        return v < 0 ? v + count : v;
      },
    ),
  };
  return defineFormat(format);
}

export const int2 = defineInteger({ name: 'int2', bits: 2, signed: true });
export const int3 = defineInteger({ name: 'int3', bits: 3, signed: true });
export const int4 = defineInteger({ name: 'int4', bits: 4, signed: true });
export const int5 = defineInteger({ name: 'int5', bits: 5, signed: true });
export const int6 = defineInteger({ name: 'int6', bits: 6, signed: true });
export const int8 = defineInteger({ name: 'int8', bits: 8, signed: true });
export const uint2 = defineInteger({ name: 'uint2', bits: 2, signed: false });
export const uint4 = defineInteger({ name: 'uint4', bits: 4, signed: false });
export const uint6 = defineInteger({ name: 'uint6', bits: 6, signed: false });
export const uint8 = defineInteger({ name: 'uint8', bits: 8, signed: false });

export const integerFormats = [
  int2,
  int3,
  int4,
  int5,
  int6,
  int8,
  uint2,
  uint4,
  uint6,
  uint8,
] as const;
