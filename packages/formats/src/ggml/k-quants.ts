/**
 * ggml's K-quants: 256-value super-blocks with 6- or 8-bit sub-block scales (ggml-common.h):
 *   q2_K { u8 scales[16]; u8 qs[64]; f16 d, dmin }                     84 bytes
 *   q3_K { u8 hmask[32]; u8 qs[64]; u8 scales[12]; f16 d }             110 bytes
 *   q4_K { f16 d, dmin; u8 scales[12]; u8 qs[128] }                    144 bytes
 *   q5_K { f16 d, dmin; u8 scales[12]; u8 qh[32]; u8 qs[128] }         176 bytes
 *   q6_K { u8 ql[128]; u8 qh[64]; i8 scales[16]; f16 d }               210 bytes
 * Decoders evaluate in float32 in ggml's order of operations, so results match bit for bit.
 */

import type { BitDim, BlockField } from '@lowbit/core';
import { dims, gather, halfAt, mul, run, sub } from '../block/block-params.ts';
import { int8 } from '../scalar/integers.ts';
import { defineGgmlBlock, readHalf } from './ggml-block.ts';
import { encodeQ2K, encodeQ3K, encodeQ4K, encodeQ5K, encodeQ6K } from './k-quants-encode.ts';

export const QK_K = 256;
const HALF_MAX = 65504;
const fr = Math.fround;

const bytesOf = (count: number): readonly BitDim[] => dims([count, 8]);

/**
 * q4_K / q5_K's eight 6-bit scales (`which` = 0) or mins (1) in the 12 bytes from byte 4
 * (get_scale_min_k4): entries 0–3 are the low 6 bits of bytes 4+4·which …; entries 4–7 take a
 * nibble of bytes 12–15 and, as bits 4–5, the top 2 bits of the bytes entries 0–3 use.
 */
function packedScales(name: string, which: 0 | 1): BlockField {
  const first = 8 * (4 + 4 * which);
  return {
    name,
    count: 8,
    pieces: [
      { count: 4, slices: [{ at: first, width: 6, dims: bytesOf(4) }] },
      {
        count: 4,
        slices: [
          { at: 96 + 4 * which, width: 4, dims: bytesOf(4) },
          { at: first + 6, width: 2, dims: bytesOf(4), shift: 4 },
        ],
      },
    ],
  };
}

/** 256 nibbles in 32-byte groups: low nibbles first, then high (q4_K, q5_K). */
const kNibbles = dims([4, 256], [2, 4], [32, 8]);

/** x = d·sc·q − dmin·m (k-quants with a minimum), each product in float32. */
const scaledMinusMin = sub(mul(mul('d', 'sc'), 'q'), mul('dmin', 'm'));

/** The j-th 6-bit (scale, min) pair packed in q4_K / q5_K's 12 scale bytes. */
export function scaleMinK4(j: number, q: Uint8Array, at: number): [number, number] {
  if (j < 4) return [q[at + j]! & 63, q[at + j + 4]! & 63];
  return [
    (q[at + j + 4]! & 0xf) | ((q[at + j - 4]! >> 6) << 4),
    (q[at + j + 4]! >> 4) | ((q[at + j]! >> 6) << 4),
  ];
}

export const q2_K = defineGgmlBlock({
  name: 'q2_K',
  ggmlType: 10,
  summary: 'ggml Q2_K: 256 × 2-bit, 4-bit scale and min per 16, f16 super-scales',
  blockSize: QK_K,
  blockBytes: 84,
  bits: 2,
  scales: [
    { format: 'uint4', blockSize: 16, scope: 'block' },
    { format: 'f16', blockSize: QK_K, scope: 'block' },
  ],
  maxMagnitude: 3 * 15 * HALF_MAX,
  minPositive: 2 ** -24,
  layout: {
    fields: [
      run('sc', 16, 0, 4, { dims: bytesOf(16) }),
      run('m', 16, 4, 4, { dims: bytesOf(16) }),
      run('q', QK_K, 128, 2, {
        dims: [
          { count: 2, stride: 256 },
          { count: 4, stride: 2 },
          { count: 2, stride: 128 },
          { count: 16, stride: 8 },
        ],
      }),
      halfAt('d', 80),
      halfAt('dmin', 82),
    ],
    value: scaledMinusMin,
  },
  decodeBlock(bytes, at, out) {
    const d = readHalf(bytes, at + 80);
    const min = readHalf(bytes, at + 82);
    let is = 0;
    let y = 0;
    for (let n = 0; n < 2; n++) {
      const q = at + 16 + 32 * n;
      for (let shift = 0; shift < 8; shift += 2) {
        for (let half = 0; half < 2; half++) {
          const sc = bytes[at + is++]!;
          const dl = fr(d * (sc & 0xf));
          const ml = fr(min * (sc >> 4));
          for (let l = 0; l < 16; l++)
            out[y++] = fr(dl * ((bytes[q + 16 * half + l]! >> shift) & 3)) - ml;
        }
      }
    }
  },
  encodeBlock: encodeQ2K,
});

export const q3_K = defineGgmlBlock({
  name: 'q3_K',
  ggmlType: 11,
  summary: 'ggml Q3_K: 256 × 3-bit, 6-bit scale per 16, f16 super-scale',
  blockSize: QK_K,
  blockBytes: 110,
  bits: 3,
  scales: [
    { format: 'int6', blockSize: 16, scope: 'block' },
    { format: 'f16', blockSize: QK_K, scope: 'block' },
  ],
  maxMagnitude: 4 * 32 * HALF_MAX,
  minPositive: 2 ** -24,
  layout: {
    fields: [
      // Low 2 bits from qs, bit 2 from hmask (set: no −4).
      gather('q', QK_K, [
        { at: 256, width: 2, dims: dims([2, 256], [4, 2], [2, 128], [16, 8]) },
        { at: 0, width: 1, shift: 2, dims: dims([2, 4], [4, 1], [2, 128], [16, 8]) },
      ]),
      // kmask shuffle: low nibbles of bytes 96–103 (then their high nibbles), bits 4–5 from 104–107.
      gather('sc', 16, [
        { at: 768, width: 4, dims: dims([2, 4], [8, 8]) },
        { at: 832, width: 2, shift: 4, dims: dims([4, 2], [4, 8]) },
      ]),
      halfAt('d', 108),
    ],
    value: mul(mul('d', sub('sc', 32)), sub('q', 4)),
  },
  decodeBlock(bytes, at, out) {
    const d = readHalf(bytes, at + 108);
    const scales = unpackQ3Scales(bytes, at + 96);
    let is = 0;
    let y = 0;
    let m = 1;
    for (let n = 0; n < 2; n++) {
      const q = at + 32 + 32 * n;
      for (let shift = 0; shift < 8; shift += 2, m <<= 1) {
        for (let half = 0; half < 2; half++) {
          const dl = fr(d * (scales[is++]! - 32));
          for (let l = 0; l < 16; l++) {
            const i = 16 * half + l;
            const value = ((bytes[q + i]! >> shift) & 3) - (bytes[at + i]! & m ? 0 : 4);
            out[y++] = dl * value;
          }
        }
      }
    }
  },
  encodeBlock: encodeQ3K,
});

/** q3_K's 16 six-bit scales from their 12 packed bytes (ggml's kmask shuffle). */
export function unpackQ3Scales(bytes: Uint8Array, at: number): Int8Array {
  const scales = new Int8Array(16);
  for (let i = 0; i < 16; i++) {
    const low = i < 8 ? (bytes[at + i]! >> 0) & 0xf : (bytes[at + i - 8]! >> 4) & 0xf;
    const high = (bytes[at + 8 + (i % 4)]! >> (2 * Math.floor(i / 4))) & 3;
    scales[i] = low | (high << 4);
  }
  return scales;
}

export const q4_K = defineGgmlBlock({
  name: 'q4_K',
  ggmlType: 12,
  summary: 'ggml Q4_K: 256 × 4-bit, 6-bit scale and min per 32, f16 super-scales',
  blockSize: QK_K,
  blockBytes: 144,
  bits: 4,
  scales: [
    { format: 'uint6', blockSize: 32, scope: 'block' },
    { format: 'f16', blockSize: QK_K, scope: 'block' },
  ],
  maxMagnitude: 15 * 63 * HALF_MAX,
  minPositive: 2 ** -24,
  layout: {
    fields: [
      halfAt('d', 0),
      halfAt('dmin', 2),
      packedScales('sc', 0),
      packedScales('m', 1),
      run('q', QK_K, 128, 4, { dims: kNibbles }),
    ],
    value: scaledMinusMin,
  },
  decodeBlock(bytes, at, out) {
    const d = readHalf(bytes, at);
    const min = readHalf(bytes, at + 2);
    let y = 0;
    for (let j = 0; j < 4; j++) {
      const q = at + 16 + 32 * j;
      for (let half = 0; half < 2; half++) {
        const [sc, m] = scaleMinK4(2 * j + half, bytes, at + 4);
        const dl = fr(d * sc);
        const ml = fr(min * m);
        const shift = 4 * half;
        for (let l = 0; l < 32; l++) out[y++] = fr(dl * ((bytes[q + l]! >> shift) & 0xf)) - ml;
      }
    }
  },
  encodeBlock: encodeQ4K,
});

export const q5_K = defineGgmlBlock({
  name: 'q5_K',
  ggmlType: 13,
  summary: 'ggml Q5_K: 256 × 5-bit, 6-bit scale and min per 32, f16 super-scales',
  blockSize: QK_K,
  blockBytes: 176,
  bits: 5,
  scales: [
    { format: 'uint6', blockSize: 32, scope: 'block' },
    { format: 'f16', blockSize: QK_K, scope: 'block' },
  ],
  maxMagnitude: 31 * 63 * HALF_MAX,
  minPositive: 2 ** -24,
  layout: {
    fields: [
      halfAt('d', 0),
      halfAt('dmin', 2),
      packedScales('sc', 0),
      packedScales('m', 1),
      gather('q', QK_K, [
        { at: 384, width: 4, dims: kNibbles },
        { at: 128, width: 1, shift: 4, dims: dims([4, 2], [2, 1], [32, 8]) },
      ]),
    ],
    value: scaledMinusMin,
  },
  decodeBlock(bytes, at, out) {
    const d = readHalf(bytes, at);
    const min = readHalf(bytes, at + 2);
    const qh = at + 16;
    let y = 0;
    for (let j = 0; j < 4; j++) {
      const ql = at + 48 + 32 * j;
      for (let half = 0; half < 2; half++) {
        const [sc, m] = scaleMinK4(2 * j + half, bytes, at + 4);
        const dl = fr(d * sc);
        const ml = fr(min * m);
        const bit = 1 << (2 * j + half);
        for (let l = 0; l < 32; l++) {
          const q = ((bytes[ql + l]! >> (4 * half)) & 0xf) + (bytes[qh + l]! & bit ? 16 : 0);
          out[y++] = fr(dl * q) - ml;
        }
      }
    }
  },
  encodeBlock: encodeQ5K,
});

export const q6_K = defineGgmlBlock({
  name: 'q6_K',
  ggmlType: 14,
  summary: 'ggml Q6_K: 256 × 6-bit, int8 scale per 16, f16 super-scale',
  blockSize: QK_K,
  blockBytes: 210,
  bits: 6,
  scales: [
    { format: 'int8', blockSize: 16, scope: 'block' },
    { format: 'f16', blockSize: QK_K, scope: 'block' },
  ],
  maxMagnitude: 32 * 128 * HALF_MAX,
  minPositive: 2 ** -24,
  layout: {
    fields: [
      // Low nibbles of ql (quarters 0,1 low, 2,3 high), bits 4–5 from qh.
      gather('q', QK_K, [
        { at: 0, width: 4, dims: dims([2, 512], [2, 4], [2, 256], [32, 8]) },
        { at: 1024, width: 2, shift: 4, dims: dims([2, 256], [4, 2], [32, 8]) },
      ]),
      run('sc', 16, 1536, 8, { as: int8.params }),
      halfAt('d', 208),
    ],
    value: mul(mul('d', 'sc'), sub('q', 32)),
  },
  decodeBlock(bytes, at, out) {
    const d = readHalf(bytes, at + 208);
    for (let n = 0; n < 2; n++) {
      const ql = at + 64 * n;
      const qh = at + 128 + 32 * n;
      const sc = at + 192 + 8 * n;
      const y = 128 * n;
      for (let l = 0; l < 32; l++) {
        const is = l >> 4;
        const h = bytes[qh + l]!;
        const q1 = ((bytes[ql + l]! & 0xf) | ((h & 3) << 4)) - 32;
        const q2 = ((bytes[ql + l + 32]! & 0xf) | (((h >> 2) & 3) << 4)) - 32;
        const q3 = ((bytes[ql + l]! >> 4) | (((h >> 4) & 3) << 4)) - 32;
        const q4 = ((bytes[ql + l + 32]! >> 4) | (((h >> 6) & 3) << 4)) - 32;
        const scale = (k: number) => fr(d * ((bytes[sc + is + k]! << 24) >> 24));
        out[y + l] = scale(0) * q1;
        out[y + l + 32] = scale(2) * q2;
        out[y + l + 64] = scale(4) * q3;
        out[y + l + 96] = scale(6) * q4;
      }
    }
  },
  encodeBlock: encodeQ6K,
});

export const kQuants = [q2_K, q3_K, q4_K, q5_K, q6_K] as const;
