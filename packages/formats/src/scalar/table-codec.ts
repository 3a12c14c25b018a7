/**
 * The encode/decode pair every table-decoded scalar format shares (integers, posits, lookup
 * tables): codes packed as a little-endian bit stream, decode by table lookup, encode one value
 * at a time through the format's own rounding.
 */
import {
  checkDecodeInput,
  type EncodeOptions,
  type Format,
  packCodes,
  packedByteLength,
  type ResolvedEncodeOptions,
  resolveEncodeOptions,
  unpackCodes,
} from '@lowbit/core';

export type TableCodec = Pick<Format, 'byteLength' | 'encode' | 'decode' | 'values'>;

export function tableCodec(
  self: () => Format,
  bits: number,
  table: Float32Array,
  encodeOne: (x: number, options: ResolvedEncodeOptions) => number,
): TableCodec {
  return {
    byteLength: (count: number) => packedByteLength(count, bits),
    encode(values: Float32Array, options?: EncodeOptions): Uint8Array {
      const resolved = resolveEncodeOptions(self(), options);
      const codes = new Uint16Array(values.length);
      for (let i = 0; i < values.length; i++) codes[i] = encodeOne(values[i]!, resolved);
      return packCodes(codes, bits);
    },
    decode(bytes: Uint8Array, count: number): Float32Array {
      checkDecodeInput(self(), bytes, count);
      const codes = unpackCodes(bytes, bits, count);
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = table[codes[i]!]!;
      return out;
    },
    values: () => table.slice(),
  };
}
