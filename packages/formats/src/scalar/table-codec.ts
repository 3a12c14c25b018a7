/**
 * The encode/decode pair every table-decoded scalar format shares (integers, posits, lookup
 * tables): codes packed as a little-endian bit stream, decode by table lookup, encode one value
 * at a time through the format's own rounding. 4- and 8-bit codes are packed and unpacked in
 * place (no code array); a format may give a plain function for the default nearest-even,
 * saturating encode, which bulk callers (quantizers) hit on every value.
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
  encodeNearest?: (x: number) => number,
): TableCodec {
  return {
    byteLength: (count: number) => packedByteLength(count, bits),
    encode(values: Float32Array, options?: EncodeOptions): Uint8Array {
      const resolved = resolveEncodeOptions(self(), options);
      const nearest =
        resolved.rounding === 'nearest-even' && resolved.overflow === 'saturate'
          ? encodeNearest
          : undefined;
      const code = nearest ?? ((x: number) => encodeOne(x, resolved));
      if (bits === 8 || bits === 4) {
        const out = new Uint8Array(packedByteLength(values.length, bits));
        if (bits === 8) for (let i = 0; i < values.length; i++) out[i] = code(values[i]!);
        else
          for (let i = 0; i < values.length; i++)
            out[i >> 1]! |= (code(values[i]!) & 15) << ((i & 1) * 4);
        return out;
      }
      const codes = new Uint16Array(values.length);
      for (let i = 0; i < values.length; i++) codes[i] = code(values[i]!);
      return packCodes(codes, bits);
    },
    decode(bytes: Uint8Array, count: number): Float32Array {
      checkDecodeInput(self(), bytes, count);
      const out = new Float32Array(count);
      if (bits === 8) for (let i = 0; i < count; i++) out[i] = table[bytes[i]!]!;
      else if (bits === 4)
        for (let i = 0; i < count; i++) out[i] = table[(bytes[i >> 1]! >> ((i & 1) * 4)) & 15]!;
      else {
        const codes = unpackCodes(bytes, bits, count);
        for (let i = 0; i < count; i++) out[i] = table[codes[i]!]!;
      }
      return out;
    },
    values: () => table.slice(),
  };
}
