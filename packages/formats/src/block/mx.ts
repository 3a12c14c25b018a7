/**
 * OCP Microscaling (MX) v1.0 block formats: 32 elements share one E8M0 scale 2^(E−127).
 * Elements are FP8 (E4M3, E5M2), FP6 (E2M3, E3M2), FP4 (E2M1) or INT8 (two's complement,
 * value q/64). Encoding follows the spec's reference algorithm (as microsoft/microxcaling):
 * the shared exponent comes from the block's largest magnitude by the chosen scale rule
 * (`floor` by default), is clamped to [−127, 127] (above: NaN scale), and each element
 * x / 2^shared is converted with saturation and the chosen rounding. Unlike microxcaling (which
 * gives a block holding NaN or ±Inf the NaN scale 0xFF, losing all 32 values), the shared
 * exponent comes from the finite values only: ±Inf saturates to ±(element max)·2^shared, NaN
 * becomes the element's NaN (FP8) or 0 (FP6, FP4, INT8 have none). A block whose only non-zero
 * values are ±Inf is scaled as if its amax were float32's largest value.
 *
 * Byte layout per block: the scale byte, then the elements as one little-endian bit stream
 * (fp8/int8: 32 bytes; fp6: 24 bytes). `mxfp4` instead uses ggml's block_mxfp4 layout so GGUF
 * tensors decode as they are: scale byte, then 16 bytes where byte j holds element j in its low
 * nibble and element j+16 in its high nibble.
 */
import {
  defineFormat,
  type EncodeOptions,
  type Format,
  isPowerOfTwo,
  type MinifloatFormat,
  packCodes,
  type Rng,
  type RoundingMode,
  resolveEncodeOptions,
  roundingModes,
  type ScalarParams,
  type ScaleRule,
  unpackCodes,
} from '@lowbit/core';
import { int8 } from '../scalar/integers.ts';
import { nearestEvenEncoder } from '../scalar/minifloat-nearest.ts';
import { e8m0, fp4E2m1fn, fp6E2m3fn, fp6E3m2fn, fp8E4m3fn, fp8E5m2 } from '../scalar/minifloats.ts';
import { roundToInteger } from '../scalar/round-integer.ts';
import { mul, run, splitNibbles } from './block-params.ts';
import {
  blockCount,
  blockValues,
  checkBlockDecode,
  finiteAbsMax,
  floorLog2,
  roundMantissa,
} from './block-support.ts';

export const MX_BLOCK = 32;
const NAN_SCALE = 0xff;
const F32_MAX = 3.4028234663852886e38;
const isInfinite = (v: number) => v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY;
const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);

/** An element type: how one scaled value becomes a code and back. */
interface MxElement {
  bits: number;
  /** Exponent of the largest normal element. */
  emax: number;
  /** Largest element magnitude. */
  max: number;
  /** Mantissa bits, for the `even` scale rule. */
  mantissaBits: number;
  /** Whether a NaN element can be stored (else NaN input encodes as 0). */
  hasNan: boolean;
  /** The element's codes as a scalar format, and the value of code 1 in them (int8: 1/64). */
  params: ScalarParams;
  unit: number;
  encode(x: number, rounding: RoundingMode, rng: Rng | undefined): number;
  value(code: number): number;
}

function minifloatElement(format: MinifloatFormat): MxElement {
  const { codec } = format;
  const max = codec.value(codec.maxCode);
  const table = Float32Array.from({ length: 2 ** codec.bits }, (_, c) => codec.value(c));
  const nearest = nearestEvenEncoder(codec);
  return {
    bits: codec.bits,
    emax: floorLog2(max),
    max,
    mantissaBits: codec.spec.mantissaBits,
    hasNan: codec.spec.policy !== 'finite',
    params: format.params,
    unit: 1,
    encode(x, rounding, rng) {
      f32[0] = x;
      if (nearest && rounding === 'nearest-even') return nearest(f32Bits[0]!);
      return codec.encodeBits(f32Bits[0]!, rounding, true, rng);
    },
    value: (code) => table[code]!,
  };
}

const int8Element: MxElement = {
  bits: 8,
  emax: 0,
  max: 127 / 64,
  mantissaBits: 6,
  hasNan: false,
  params: int8.params,
  unit: 1 / 64,
  encode(x, rounding, rng) {
    const q = Math.min(127, Math.max(-127, roundToInteger(x * 64, rounding, rng)));
    return q & 0xff;
  },
  value: (code) => (code >= 128 ? code - 256 : code) / 64,
};

/** The shared exponent (unbiased) for a block's largest magnitude, or NaN. */
export function sharedExponent(
  amax: number,
  rule: ScaleRule,
  element: Pick<MxElement, 'emax' | 'max' | 'mantissaBits'>,
): number {
  if (!Number.isFinite(amax)) return Number.NaN;
  let e: number;
  if (amax === 0) {
    e = -126 - element.emax; // microxcaling: log2 of the smallest normal stands in for log2 0
  } else {
    switch (rule) {
      case 'floor':
        e = floorLog2(amax) - element.emax;
        break;
      case 'ceil':
        e = floorLog2(amax) + (isPowerOfTwo(amax) ? 0 : 1) - element.emax;
        break;
      case 'even':
        e = floorLog2(roundMantissa(amax, element.mantissaBits)) - element.emax;
        break;
      case 'rceil': {
        const ratio = amax / element.max;
        e = floorLog2(ratio) + (isPowerOfTwo(Math.fround(ratio)) ? 0 : 1);
        break;
      }
    }
  }
  if (e > 127) return Number.NaN;
  return Math.max(e, -127);
}

interface MxSpec {
  name: string;
  summary: string;
  element: MxElement;
  elementFormat: string;
  /** ggml's block_mxfp4 nibble order instead of the sequential bit stream. */
  ggmlLayout?: boolean;
}

function defineMx(spec: MxSpec): Format {
  const { element } = spec;
  const elementBytes = (MX_BLOCK * element.bits) / 8;
  const blockBytes = 1 + elementBytes;

  function packElements(codes: Uint16Array, out: Uint8Array, at: number): void {
    if (spec.ggmlLayout) {
      for (let j = 0; j < MX_BLOCK / 2; j++)
        out[at + j] = codes[j]! | (codes[j + MX_BLOCK / 2]! << 4);
    } else if (element.bits === 8) {
      for (let j = 0; j < MX_BLOCK; j++) out[at + j] = codes[j]!;
    } else {
      out.set(packCodes(codes, element.bits), at);
    }
  }

  function unpackElements(bytes: Uint8Array, at: number, codes: Uint16Array): Uint16Array {
    if (element.bits === 8) {
      for (let j = 0; j < MX_BLOCK; j++) codes[j] = bytes[at + j]!;
      return codes;
    }
    if (!spec.ggmlLayout)
      return unpackCodes(bytes.subarray(at, at + elementBytes), element.bits, MX_BLOCK);
    for (let j = 0; j < MX_BLOCK / 2; j++) {
      codes[j] = bytes[at + j]! & 0xf;
      codes[j + MX_BLOCK / 2] = bytes[at + j]! >>> 4;
    }
    return codes;
  }

  const format: Format = {
    name: spec.name,
    family: 'block',
    summary: spec.summary,
    bits: element.bits,
    bitsPerValue: (blockBytes * 8) / MX_BLOCK,
    block: {
      size: MX_BLOCK,
      bytes: blockBytes,
      scales: [{ format: 'e8m0', blockSize: MX_BLOCK, scope: 'block' }],
    },
    range: {
      max: element.max * 2 ** 127,
      min: -element.max * 2 ** 127,
      minNormal: 2 ** -127 * element.value(1),
      minSubnormal: 2 ** -127 * element.value(1),
      epsilon: Number.NaN,
    },
    params: {
      kind: 'block',
      size: MX_BLOCK,
      bytes: blockBytes,
      fields: [
        run('scale', 1, 0, 8, { as: e8m0.params }),
        run('q', MX_BLOCK, 8, element.bits, {
          as: element.params,
          ...(spec.ggmlLayout ? { dims: splitNibbles(MX_BLOCK / 2) } : {}),
        }),
      ],
      value: mul(element.unit === 1 ? 'q' : mul('q', element.unit), 'scale'),
    },
    special: { nan: 'single', infinity: false, negativeZero: true },
    roundingModes,
    defaults: { rounding: 'nearest-even', overflow: 'saturate' },
    byteLength: (count: number) => blockCount(count, MX_BLOCK) * blockBytes,
    encode(values: Float32Array, options?: EncodeOptions): Uint8Array {
      const { rounding, scaleRule, rng } = resolveEncodeOptions(format, options);
      const blocks = blockCount(values.length, MX_BLOCK);
      const out = new Uint8Array(blocks * blockBytes);
      const block = new Float32Array(MX_BLOCK);
      const codes = new Uint16Array(MX_BLOCK);
      for (let b = 0; b < blocks; b++) {
        blockValues(values, b, MX_BLOCK, block);
        const amax = finiteAbsMax(block) || (block.some(isInfinite) ? F32_MAX : 0);
        const shared = sharedExponent(amax, scaleRule, element);
        const at = b * blockBytes;
        if (Number.isNaN(shared)) {
          out[at] = NAN_SCALE;
          continue;
        }
        out[at] = shared + 127;
        const inverse = 2 ** -shared;
        for (let i = 0; i < MX_BLOCK; i++) {
          const v = Number.isNaN(block[i]) && !element.hasNan ? 0 : block[i]!;
          codes[i] = element.encode(Math.fround(v * inverse), rounding, rng);
        }
        packElements(codes, out, at + 1);
      }
      return out;
    },
    decode(bytes: Uint8Array, count: number): Float32Array {
      checkBlockDecode(format, bytes, count);
      const out = new Float32Array(count);
      const scratchCodes = new Uint16Array(MX_BLOCK);
      for (let b = 0, i = 0; i < count; b++) {
        const at = b * blockBytes;
        const scale = bytes[at] === NAN_SCALE ? Number.NaN : 2 ** (bytes[at]! - 127);
        const codes = unpackElements(bytes, at + 1, scratchCodes);
        for (let j = 0; j < MX_BLOCK && i < count; j++, i++)
          out[i] = element.value(codes[j]!) * scale;
      }
      return out;
    },
  };
  return defineFormat(format);
}

export const mxfp8E4m3 = defineMx({
  name: 'mxfp8_e4m3',
  summary: 'OCP MXFP8 (E4M3 elements, E8M0 scale per 32)',
  element: minifloatElement(fp8E4m3fn),
  elementFormat: fp8E4m3fn.name,
});
export const mxfp8E5m2 = defineMx({
  name: 'mxfp8_e5m2',
  summary: 'OCP MXFP8 (E5M2 elements, E8M0 scale per 32)',
  element: minifloatElement(fp8E5m2),
  elementFormat: fp8E5m2.name,
});
export const mxfp6E2m3 = defineMx({
  name: 'mxfp6_e2m3',
  summary: 'OCP MXFP6 (E2M3 elements, E8M0 scale per 32)',
  element: minifloatElement(fp6E2m3fn),
  elementFormat: fp6E2m3fn.name,
});
export const mxfp6E3m2 = defineMx({
  name: 'mxfp6_e3m2',
  summary: 'OCP MXFP6 (E3M2 elements, E8M0 scale per 32)',
  element: minifloatElement(fp6E3m2fn),
  elementFormat: fp6E3m2fn.name,
});
export const mxfp4 = defineMx({
  name: 'mxfp4',
  summary: 'OCP MXFP4 (E2M1 elements, E8M0 scale per 32); ggml block_mxfp4 byte layout',
  element: minifloatElement(fp4E2m1fn),
  elementFormat: fp4E2m1fn.name,
  ggmlLayout: true,
});
export const mxint8 = defineMx({
  name: 'mxint8',
  summary: 'OCP MXINT8 (int8 elements q/64, E8M0 scale per 32)',
  element: int8Element,
  elementFormat: 'int8',
});

export const mxFormats = [mxfp8E4m3, mxfp8E5m2, mxfp6E2m3, mxfp6E3m2, mxfp4, mxint8] as const;
