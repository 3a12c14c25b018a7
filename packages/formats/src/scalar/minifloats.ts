/**
 * The float formats built from core's parametric minifloat (exponent bits, mantissa bits,
 * bias, special-value policy). Names and semantics follow ONNX (FLOAT8E4M3FN …), ml_dtypes
 * (float8_e3m4, float8_e4m3, float8_e4m3b11fnuz) and the OCP MX v1.0 spec (FP6, FP4, E8M0).
 * Overflow defaults to saturation for the 8-bit-and-smaller formats, as ONNX Cast's
 * `saturate=1`; bf16 keeps IEEE infinities. Formats of at most 8 bits encode nearest-even
 * saturating input through the table-driven encoder of minifloat-nearest.ts (bit-identical).
 */
import {
  defineFormat,
  defineMinifloat as defineMinifloatCodec,
  type EncodeOptions,
  type MinifloatFormat,
  type MinifloatSpec,
  packCodes,
  resolveEncodeOptions,
} from '@lowbit/core';
import { nearestEvenEncoder } from './minifloat-nearest.ts';

/** core's minifloat format, with the fast encoder for nearest-even saturating input. */
function defineMinifloat(spec: MinifloatSpec): MinifloatFormat {
  const base = defineMinifloatCodec(spec);
  const nearest = nearestEvenEncoder(base.codec);
  if (!nearest) return base;
  const format: MinifloatFormat = {
    ...base,
    encode(values: Float32Array, options?: EncodeOptions): Uint8Array {
      const { rounding, overflow } = resolveEncodeOptions(format, options);
      if (rounding !== 'nearest-even' || overflow !== 'saturate')
        return base.encode(values, options);
      const input = new Uint32Array(values.buffer, values.byteOffset, values.length);
      const codes =
        base.bits === 8 ? new Uint8Array(values.length) : new Uint16Array(values.length);
      for (let i = 0; i < input.length; i++) codes[i] = nearest(input[i]!);
      return codes instanceof Uint8Array ? codes : packCodes(codes, base.bits);
    },
  };
  return defineFormat(format);
}

export const bf16 = defineMinifloat({
  name: 'bf16',
  family: 'ieee-float',
  summary: 'bfloat16: float32 with the mantissa cut to 7 bits',
  exponentBits: 8,
  mantissaBits: 7,
  bias: 127,
  policy: 'ieee',
});

export const fp8E4m3fn = defineMinifloat({
  name: 'fp8_e4m3fn',
  summary: 'OCP/ONNX FP8 E4M3FN: no Inf, NaN = S.1111.111, max 448',
  exponentBits: 4,
  mantissaBits: 3,
  bias: 7,
  policy: 'fn',
});

export const fp8E4m3fnuz = defineMinifloat({
  name: 'fp8_e4m3fnuz',
  summary: 'FP8 E4M3FNUZ (Graphcore/AMD): bias 8, NaN = 0x80, no −0, max 240',
  exponentBits: 4,
  mantissaBits: 3,
  bias: 8,
  policy: 'fnuz',
});

export const fp8E5m2 = defineMinifloat({
  name: 'fp8_e5m2',
  summary: 'OCP/ONNX FP8 E5M2: IEEE-style Inf and NaN, max 57344',
  exponentBits: 5,
  mantissaBits: 2,
  bias: 15,
  policy: 'ieee',
  defaults: { overflow: 'saturate' },
});

export const fp8E5m2fnuz = defineMinifloat({
  name: 'fp8_e5m2fnuz',
  summary: 'FP8 E5M2FNUZ (Graphcore/AMD): bias 16, NaN = 0x80, no −0, max 57344',
  exponentBits: 5,
  mantissaBits: 2,
  bias: 16,
  policy: 'fnuz',
});

export const fp8E3m4 = defineMinifloat({
  name: 'fp8_e3m4',
  summary: 'FP8 E3M4 (ml_dtypes float8_e3m4): bias 3, IEEE-style Inf and NaN, max 15.5',
  exponentBits: 3,
  mantissaBits: 4,
  bias: 3,
  policy: 'ieee',
  defaults: { overflow: 'saturate' },
});

export const fp8E4m3 = defineMinifloat({
  name: 'fp8_e4m3',
  summary: 'FP8 E4M3, IEEE-like (ml_dtypes float8_e4m3): bias 7, Inf and NaN, max 240',
  exponentBits: 4,
  mantissaBits: 3,
  bias: 7,
  policy: 'ieee',
  defaults: { overflow: 'saturate' },
});

export const fp8E4m3b11fnuz = defineMinifloat({
  name: 'fp8_e4m3b11fnuz',
  summary: 'FP8 E4M3 bias 11 FNUZ (ml_dtypes float8_e4m3b11fnuz): NaN = 0x80, max 30',
  exponentBits: 4,
  mantissaBits: 3,
  bias: 11,
  policy: 'fnuz',
});

export const e8m0 = defineMinifloat({
  name: 'e8m0',
  family: 'scale',
  summary: 'OCP MX E8M0 scale: unsigned 2^(E−127), no zero, 0xFF = NaN',
  exponentBits: 8,
  mantissaBits: 0,
  bias: 127,
  policy: 'e8m0',
});

export const fp6E2m3fn = defineMinifloat({
  name: 'fp6_e2m3fn',
  summary: 'OCP MX FP6 E2M3: bias 1, no Inf/NaN, max 7.5; 4 values per 3 bytes',
  exponentBits: 2,
  mantissaBits: 3,
  bias: 1,
  policy: 'finite',
});

export const fp6E3m2fn = defineMinifloat({
  name: 'fp6_e3m2fn',
  summary: 'OCP MX FP6 E3M2: bias 3, no Inf/NaN, max 28; 4 values per 3 bytes',
  exponentBits: 3,
  mantissaBits: 2,
  bias: 3,
  policy: 'finite',
});

export const fp4E2m1fn = defineMinifloat({
  name: 'fp4_e2m1fn',
  summary: 'OCP MX / ONNX FP4 E2M1: bias 1, values ±{0, .5, 1, 1.5, 2, 3, 4, 6}; low nibble first',
  exponentBits: 2,
  mantissaBits: 1,
  bias: 1,
  policy: 'finite',
});

export const minifloatFormats = [
  bf16,
  fp8E4m3fn,
  fp8E4m3fnuz,
  fp8E5m2,
  fp8E5m2fnuz,
  fp8E3m4,
  fp8E4m3,
  fp8E4m3b11fnuz,
  e8m0,
  fp6E2m3fn,
  fp6E3m2fn,
  fp4E2m1fn,
] as const;
