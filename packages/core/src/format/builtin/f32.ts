/** IEEE 754 binary32, stored little-endian. Encoding a Float32Array is a byte copy. */
import { checkDecodeInput, resolveEncodeOptions } from '../codec-support.ts';
import { defineFormat } from '../define-format.ts';
import { type EncodeOptions, type Format, roundingModes } from '../format.ts';
import { ieeeParams, type MinifloatParams } from '../format-params.ts';

export const f32: Format & { params: MinifloatParams } = defineFormat({
  name: 'f32',
  family: 'ieee-float',
  summary: 'IEEE 754 binary32 (single precision)',
  bits: 32,
  bitsPerValue: 32,
  range: {
    max: 3.4028234663852886e38,
    min: -3.4028234663852886e38,
    minNormal: 2 ** -126,
    minSubnormal: 2 ** -149,
    epsilon: 2 ** -23,
  },
  params: ieeeParams(8, 23) as MinifloatParams,
  special: { nan: 'ieee', infinity: true, negativeZero: true },
  // Every float32 input is exact, so each mode gives the same (exact) bytes.
  roundingModes,
  defaults: { rounding: 'nearest-even', overflow: 'special' },
  byteLength: (count: number) => count * 4,
  encode(values: Float32Array, options?: EncodeOptions): Uint8Array {
    resolveEncodeOptions(f32, options);
    return new Uint8Array(
      values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength),
    );
  },
  decode(bytes: Uint8Array, count: number): Float32Array {
    checkDecodeInput(f32, bytes, count);
    const start = bytes.byteOffset;
    return new Float32Array(bytes.buffer.slice(start, start + count * 4));
  },
});
