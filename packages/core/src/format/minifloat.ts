/**
 * One parametric definition for every sign/exponent/mantissa format — binary16, bfloat16, the
 * float8/6/4 variants, E8M0 — described by exponent bits, mantissa bits, bias, and a policy for
 * infinities, NaN and zero. Nothing here is specific to one format.
 *
 * Encoding works on the float32 bit pattern. The significand (implicit bit included) is shifted
 * right so that the kept bits are the target's mantissa (more for subnormal results); the
 * shifted-out bits decide rounding. Because codes are ordered by magnitude, adding one to a code
 * gives the next larger value, so a mantissa carry into the exponent needs no special case.
 * Decoding reads a table of all 2^bits values.
 *
 * Special-value policies (names as in ONNX / ml_dtypes / OCP MX):
 * - `ieee`   all-ones exponent: ±Inf (mantissa 0) and NaN (otherwise).
 * - `fn`     finite: no Inf; NaN is S.1111…1 (all exponent and mantissa bits set), as E4M3FN.
 * - `fnuz`   finite, unsigned zero: NaN is the lone sign bit 1000…0; there is no −0.
 * - `finite` no Inf, no NaN (FP6, FP4): every code is a number.
 * - `e8m0`   unsigned powers of two 2^(E−bias), no zero, code all-ones = NaN (OCP MX scale).
 */
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';
import type { Rng } from '../rng/xoshiro128.ts';
import { packCodes, packedByteLength, unpackCodes } from './bit-packing.ts';
import { checkDecodeInput, resolveEncodeOptions, roundsUp } from './codec-support.ts';
import { defineFormat } from './define-format.ts';
import {
  type EncodeOptions,
  type Format,
  type FormatFamily,
  type OverflowMode,
  type RoundingMode,
  roundingModes,
} from './format.ts';
import type { MinifloatParams, MinifloatPolicy } from './format-params.ts';

export interface MinifloatSpec {
  name: string;
  summary: string;
  exponentBits: number;
  mantissaBits: number;
  bias: number;
  policy: MinifloatPolicy;
  family?: FormatFamily;
  defaults?: { rounding?: RoundingMode; overflow?: OverflowMode };
}

/** The bit-level codec behind a minifloat format, for code that works on single codes. */
export interface MinifloatCodec {
  readonly spec: MinifloatSpec;
  readonly bits: number;
  /** Largest finite code (positive). */
  readonly maxCode: number;
  /** The code NaN encodes to. */
  readonly nanCode: number;
  /** Value of one code (NaN codes give NaN). */
  value(code: number): number;
  /** Code for a float32 bit pattern. */
  encodeBits(bits: number, rounding?: RoundingMode, saturate?: boolean, rng?: Rng): number;
}

const scratchFloat = new Float32Array(1);
const scratchBits = new Uint32Array(scratchFloat.buffer);

function invalidSpec(spec: MinifloatSpec, why: string): never {
  throw new LowbitError(ErrorCode.FormatInvalid, `Minifloat "${spec.name}" is invalid: ${why}.`);
}

export function minifloatCodec(spec: MinifloatSpec): MinifloatCodec {
  const { exponentBits: eb, mantissaBits: m, bias, policy } = spec;
  const signed = policy !== 'e8m0';
  const bits = eb + m + (signed ? 1 : 0);
  if (!(eb >= 1 && m >= 0 && bits <= 16))
    invalidSpec(spec, 'needs 1+ exponent bits and at most 16 bits in all');
  if (policy === 'ieee' && m === 0) invalidSpec(spec, 'IEEE NaN needs a mantissa bit');
  if (policy === 'e8m0' && m !== 0) invalidSpec(spec, 'the e8m0 policy has no mantissa');
  const magnitudeBits = eb + m;
  const signBit = signed ? 1 << magnitudeBits : 0;
  const allOnes = (1 << magnitudeBits) - 1;
  const expMax = (1 << eb) - 1;
  const mantMask = (1 << m) - 1;
  const maxCode =
    policy === 'ieee'
      ? ((expMax - 1) << m) | mantMask
      : policy === 'fn' || policy === 'e8m0'
        ? allOnes - 1
        : allOnes;
  const infCode = policy === 'ieee' ? expMax << m : -1;
  const nanCode =
    policy === 'ieee'
      ? (expMax << m) | (1 << (m - 1))
      : policy === 'fnuz'
        ? signBit
        : policy === 'finite'
          ? signBit
          : allOnes;
  const hasNegativeZero = signed && policy !== 'fnuz';
  // Smallest unbiased exponent of a normal value; e8m0 has no subnormals, so code 0 is normal.
  const emin = policy === 'e8m0' ? -bias : 1 - bias;

  function value(code: number): number {
    const negative = signed && (code & signBit) !== 0;
    const magnitude = code & allOnes;
    const sign = negative ? -1 : 1;
    if (policy === 'fnuz' && negative && magnitude === 0) return Number.NaN;
    if (policy === 'fn' && magnitude === allOnes) return Number.NaN;
    if (policy === 'e8m0') return magnitude === allOnes ? Number.NaN : 2 ** (magnitude - bias);
    const exponent = magnitude >>> m;
    const mantissa = magnitude & mantMask;
    if (policy === 'ieee' && exponent === expMax)
      return mantissa === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
    if (exponent === 0) return sign * mantissa * 2 ** (emin - m);
    return sign * (mantissa + (1 << m)) * 2 ** (exponent - bias - m);
  }

  /** ±Inf itself: kept where the format has it, else NaN, or ±max when saturating. */
  function infinityCode(sign: number, saturate: boolean): number {
    if (saturate || policy === 'finite') return sign | maxCode;
    if (policy === 'ieee') return sign | infCode;
    return policy === 'fn' ? sign | nanCode : nanCode;
  }

  /** A finite value beyond max: IEEE says round-toward-zero gives ±max, the others ±Inf. */
  function overflowCode(sign: number, rounding: RoundingMode, saturate: boolean): number {
    return rounding === 'toward-zero' ? sign | maxCode : infinityCode(sign, saturate);
  }

  function encodeBits(
    x: number,
    rounding: RoundingMode = 'nearest-even',
    saturate = false,
    rng?: Rng,
  ): number {
    const negative = x >>> 31 === 1;
    const exponent = (x >>> 23) & 0xff;
    const mantissa = x & 0x7fffff;
    if (exponent === 0xff && mantissa !== 0) {
      if (policy === 'ieee') return (negative ? signBit : 0) | nanCode | (mantissa >>> (23 - m));
      // FN: S.1111…1. Finite (no NaN code): a zero of the opposite sign, as ml_dtypes and ONNX.
      if (policy === 'fn' || policy === 'finite') return (negative ? signBit : 0) ^ nanCode;
      return nanCode;
    }
    if (!signed && negative && (exponent | mantissa) !== 0) return nanCode;
    const sign = negative && signed ? signBit : 0;
    if (exponent === 0xff) return infinityCode(sign, saturate);
    // Normalise float32 subnormals so the leading one sits where the implicit bit would.
    const normalise = exponent === 0 && mantissa !== 0 ? Math.clz32(mantissa) - 8 : 0;
    const e = exponent === 0 ? -126 - normalise : exponent - 127;
    const significand = exponent === 0 ? mantissa << normalise : mantissa | 0x800000;
    let code: number;
    if (significand === 0 || (policy === 'e8m0' && e < emin)) {
      // Zero, or (e8m0, which has no zero) below its smallest value 2^emin: the nearest code is 0.
      code = 0;
    } else {
      const normal = e >= emin;
      const shift = 23 - m + (normal ? 0 : emin - e);
      if (shift >= 32) {
        // Below half the smallest subnormal: only stochastic or away-from-zero rounding goes up.
        scratchBits[0] = x & 0x7fffffff;
        const fraction = scratchFloat[0]! * 2 ** (m - emin);
        code = roundsUp(fraction, 0, 1, rounding, rng, false) ? 1 : 0;
      } else {
        const kept = Math.floor(significand / 2 ** shift);
        const rest = significand - kept * 2 ** shift;
        const truncated = (normal ? ((e + bias) << m) - (1 << m) : 0) + kept;
        // e8m0 ties (1.5·2^k) go up, as ml_dtypes, onnx.reference and onnxruntime.
        const upperIsEven = policy === 'e8m0' || (truncated & 1) === 1;
        code = truncated + (roundsUp(rest, 0, 2 ** shift, rounding, rng, upperIsEven) ? 1 : 0);
      }
    }
    if (code > maxCode) return overflowCode(sign, rounding, saturate);
    if (code === 0 && !hasNegativeZero) return 0;
    return sign | code;
  }

  return { spec, bits, maxCode, nanCode, value, encodeBits };
}

export type MinifloatFormat = Format & { codec: MinifloatCodec; params: MinifloatParams };

/** A registered-ready Format for a minifloat spec. */
export function defineMinifloat(spec: MinifloatSpec): MinifloatFormat {
  const codec = minifloatCodec(spec);
  const { bits } = codec;
  let table: Float32Array | undefined;
  const lut = (): Float32Array => {
    if (!table) {
      table = new Float32Array(1 << bits);
      for (let code = 0; code < table.length; code++) table[code] = codec.value(code);
    }
    return table;
  };
  const signed = spec.policy !== 'e8m0';
  const max = codec.value(codec.maxCode);
  const smallest = codec.value(1);
  const firstNormal = spec.policy === 'e8m0' ? 0 : 1 << spec.mantissaBits;
  const one = spec.policy === 'e8m0' ? spec.bias : spec.bias << spec.mantissaBits;
  const format: MinifloatFormat = {
    name: spec.name,
    family: spec.family ?? 'minifloat',
    summary: spec.summary,
    bits,
    bitsPerValue: bits,
    params: {
      kind: 'minifloat',
      exponentBits: spec.exponentBits,
      mantissaBits: spec.mantissaBits,
      bias: spec.bias,
      policy: spec.policy,
    },
    range: {
      max,
      min: signed ? -max : codec.value(0),
      minNormal: codec.value(firstNormal),
      minSubnormal: spec.policy === 'e8m0' ? codec.value(0) : smallest,
      epsilon: codec.value(one + 1) - 1,
    },
    special: {
      nan: spec.policy === 'ieee' ? 'ieee' : spec.policy === 'finite' ? 'none' : 'single',
      infinity: spec.policy === 'ieee',
      negativeZero: signed && spec.policy !== 'fnuz',
    },
    roundingModes,
    defaults: {
      rounding: spec.defaults?.rounding ?? 'nearest-even',
      overflow: spec.defaults?.overflow ?? (spec.policy === 'ieee' ? 'special' : 'saturate'),
    },
    byteLength: (count: number) => packedByteLength(count, bits),
    encode(values: Float32Array, options?: EncodeOptions): Uint8Array {
      const { rounding, overflow, rng } = resolveEncodeOptions(format, options);
      const saturate = overflow === 'saturate';
      const input = new Uint32Array(values.buffer, values.byteOffset, values.length);
      const codes = new Uint16Array(values.length);
      for (let i = 0; i < input.length; i++)
        codes[i] = codec.encodeBits(input[i]!, rounding, saturate, rng);
      return packCodes(codes, bits);
    },
    decode(bytes: Uint8Array, count: number): Float32Array {
      checkDecodeInput(format, bytes, count);
      const values = lut();
      const out = new Float32Array(count);
      if (bits === 8) {
        for (let i = 0; i < count; i++) out[i] = values[bytes[i]!]!;
      } else {
        const codes = unpackCodes(bytes, bits, count);
        for (let i = 0; i < count; i++) out[i] = values[codes[i]!]!;
      }
      return out;
    },
    values: () => lut().slice(),
    codec,
  };
  return defineFormat(format);
}
