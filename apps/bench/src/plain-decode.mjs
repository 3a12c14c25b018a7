// The plain-JS best effort at bulk decode, beside lowbit's wasm decoders: every code through a
// table of the format's values (made once from its own codec), the scale multiplied in per
// block. Layouts as the formats define them: a little-endian bit stream for scalar codes, OCP MX
// (an E8M0 byte, then 32 codes; mxfp4 in ggml's nibble order) and NVFP4 in ggml's layout.
import { getFormat, packCodes } from '@lowbit/core';

/** The value of every code of a scalar format of ≤ 8 bits. */
export function valueTable(name) {
  const { bits, decode } = getFormat(name);
  const size = 2 ** bits;
  return decode(
    packCodes(
      Uint16Array.from({ length: size }, (_, c) => c),
      bits,
    ),
    size,
  );
}

/** `count` codes of 8, 6 or 4 bits from `bytes` (from byte `at`) → table values × scale at out[o]. */
function codes(bytes, at, count, bits, table, scale, out, o) {
  if (bits === 8) for (let i = 0; i < count; i++) out[o + i] = table[bytes[at + i]] * scale;
  else if (bits === 4)
    for (let i = 0; i < count; i += 2) {
      const b = bytes[at + (i >> 1)];
      out[o + i] = table[b & 15] * scale;
      out[o + i + 1] = table[b >> 4] * scale;
    }
  else
    for (let i = 0, p = at; i < count; i += 4, p += 3) {
      const w = bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16);
      out[o + i] = table[w & 63] * scale;
      out[o + i + 1] = table[(w >> 6) & 63] * scale;
      out[o + i + 2] = table[(w >> 12) & 63] * scale;
      out[o + i + 3] = table[w >> 18] * scale;
    }
}

/** A scalar format's codes (count a multiple of 4). */
export function decodeScalar(bytes, count, bits, table, out) {
  codes(bytes, 0, count, bits, table, 1, out, 0);
  return out;
}

const e8m0 = Float32Array.from({ length: 256 }, (_, e) =>
  e === 255 ? Number.NaN : 2 ** (e - 127),
);

/** OCP MX blocks of 32 (`ggmlNibbles`: byte j holds element j low, j+16 high). */
export function decodeMx(bytes, count, bits, table, ggmlNibbles, out) {
  const blockBytes = 1 + 4 * bits;
  for (let b = 0, at = 0; b < count / 32; b++, at += blockBytes) {
    const scale = e8m0[bytes[at]];
    if (!ggmlNibbles) codes(bytes, at + 1, 32, bits, table, scale, out, 32 * b);
    else
      for (let j = 0; j < 16; j++) {
        const q = bytes[at + 1 + j];
        out[32 * b + j] = table[q & 15] * scale;
        out[32 * b + j + 16] = table[q >> 4] * scale;
      }
  }
  return out;
}

/** NVFP4 blocks of 64 in ggml's layout, after a 4-byte f32 tensor scale when the format has one. */
export function decodeNvfp4(bytes, count, e4m3, e2m1, headerBytes, out) {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const tensorScale = headerBytes === 4 ? view.getFloat32(0, true) : 1;
  for (let b = 0, at = headerBytes; b < count / 64; b++, at += 36) {
    for (let g = 0; g < 4; g++) {
      const scale = e4m3[bytes[at + g]] * tensorScale;
      const o = 64 * b + 16 * g;
      for (let j = 0; j < 8; j++) {
        const q = bytes[at + 4 + 8 * g + j];
        out[o + j] = e2m1[q & 15] * scale;
        out[o + j + 8] = e2m1[q >> 4] * scale;
      }
    }
  }
  return out;
}
