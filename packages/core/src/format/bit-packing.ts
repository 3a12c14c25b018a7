/**
 * Packing of k-bit codes into bytes. The layout is one little-endian bit stream: code i occupies
 * bits [i·k, (i+1)·k), least significant bit first. For k = 4 that is "low nibble first" (ONNX
 * INT4/FLOAT4E2M1), for k = 2 four codes per byte from the low bits (ONNX INT2), for k = 16
 * little-endian 16-bit words. A partial final byte is zero-padded.
 */
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';

export function packedByteLength(count: number, bits: number): number {
  return Math.ceil((count * bits) / 8);
}

/** Packs `count` codes (each < 2^bits) into a new byte array. */
export function packCodes(
  codes: ArrayLike<number>,
  bits: number,
  count = codes.length,
): Uint8Array {
  const out = new Uint8Array(packedByteLength(count, bits));
  if (bits === 8) {
    for (let i = 0; i < count; i++) out[i] = codes[i]!;
  } else if (bits === 16) {
    for (let i = 0; i < count; i++) {
      out[2 * i] = codes[i]! & 0xff;
      out[2 * i + 1] = codes[i]! >>> 8;
    }
  } else if (bits === 4) {
    for (let i = 0; i < count; i++) out[i >> 1]! |= (codes[i]! & 0xf) << ((i & 1) << 2);
  } else if (bits < 8) {
    const mask = (1 << bits) - 1;
    for (let i = 0, bit = 0; i < count; i++, bit += bits) {
      const word = (codes[i]! & mask) << (bit & 7);
      out[bit >> 3]! |= word & 0xff;
      if ((bit & 7) + bits > 8) out[(bit >> 3) + 1]! |= word >>> 8;
    }
  } else {
    throw new LowbitError(ErrorCode.Argument, `Cannot pack ${bits}-bit codes; use 1–8 or 16 bits.`);
  }
  return out;
}

/** Unpacks `count` codes from `bytes` (see the layout above). */
export function unpackCodes(bytes: Uint8Array, bits: number, count: number): Uint16Array {
  const out = new Uint16Array(count);
  if (bits === 8) {
    for (let i = 0; i < count; i++) out[i] = bytes[i]!;
  } else if (bits === 16) {
    for (let i = 0; i < count; i++) out[i] = bytes[2 * i]! | (bytes[2 * i + 1]! << 8);
  } else if (bits === 4) {
    for (let i = 0; i < count; i++) out[i] = (bytes[i >> 1]! >>> ((i & 1) << 2)) & 0xf;
  } else if (bits < 8) {
    const mask = (1 << bits) - 1;
    for (let i = 0, bit = 0; i < count; i++, bit += bits) {
      const at = bit >> 3;
      const word = bytes[at]! | ((bytes[at + 1] ?? 0) << 8);
      out[i] = (word >>> (bit & 7)) & mask;
    }
  } else {
    throw new LowbitError(
      ErrorCode.Argument,
      `Cannot unpack ${bits}-bit codes; use 1–8 or 16 bits.`,
    );
  }
  return out;
}
