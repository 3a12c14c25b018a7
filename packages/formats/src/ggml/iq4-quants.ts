/**
 * ggml's non-linear 4-bit types over the IQ4_NL codebook (kvalues_iq4nl, −127 … 113):
 *   iq4_nl { f16 d; u8 qs[16] }                                   32 values, x = d·k[q]
 *   iq4_xs { f16 d; u16 scales_h; u8 scales_l[4]; u8 qs[128] }    256 values, 6-bit scale per 32
 * Nibbles: byte j of a 16-byte group holds value j (low) and j+16 (high).
 * The iq4_nl encoder searches the scale as ggml's quantize_row_iq4_nl_impl does (15 candidate
 * scales around −max/127, weighted least squares with weights x²); iq4_xs is decode-only.
 */

import { gather, halfAt, lookup, mul, run, splitNibbles, sub } from '../block/block-params.ts';
import { iq4nlTable } from '../lut/lut-formats.ts';
import { IQ4_NL_VALUES } from '../lut/tables.ts';
import { defineGgmlBlock, readHalf, signedAbsMax, writeHalf } from './ggml-block.ts';

const HALF_MAX = 65504;
const K = IQ4_NL_VALUES;
const GROUP_MAX_EPS = 1e-15;
const LOWEST = K[0];
const HIGHEST = K[K.length - 1]!;
/** Index of the largest codebook value ≤ t, for every integer t in [LOWEST, HIGHEST). */
const belowInteger = Uint8Array.from({ length: HIGHEST - LOWEST }, (_, t) =>
  K.findLastIndex((k) => k <= t + LOWEST),
);

/**
 * The nearest codebook index, without `iq4nlTable.encodeOne`'s search: the codebook is sorted
 * and integral, so the neighbour below x is the neighbour below ⌊x⌋. Exact ties go toward zero
 * (the rule iq4_nl's bytes are pinned with), where the table format's nearest-even takes the
 * even code.
 */
export function nearestCode(x: number): number {
  if (!(x > LOWEST && x < HIGHEST)) return iq4nlTable.encodeOne(x);
  const lo = belowInteger[Math.floor(x) - LOWEST]!;
  const below = K[lo]!;
  const above = K[lo + 1]!;
  if (below === x) return lo;
  const d = x - below - (above - x);
  return d > 0 || (d === 0 && Math.abs(below) > Math.abs(above)) ? lo + 1 : lo;
}

let sumQX = 0;
let sumQ2 = 0;

/** Σ w·q·x and Σ w·q² (w = x²) of the codes x·id rounds to, into sumQX and sumQ2. */
function score(x: Float32Array, id: number): void {
  sumQX = 0;
  sumQ2 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const q = K[nearestCode(id * v)]!;
    const w = v * v;
    sumQX += w * q * v;
    sumQ2 += w * q * q;
  }
}

/** Best scale for 32 values against the codebook (weights x²), as ggml's search. */
function fitScale(x: Float32Array): number {
  const max = signedAbsMax(x);
  if (Math.abs(max) < GROUP_MAX_EPS) return 0;
  score(x, K[0]! / -max);
  let d = sumQ2 ? sumQX / sumQ2 : 0;
  let best = d * sumQX;
  for (let attempt = -7; attempt <= 7; attempt++) {
    score(x, (attempt + K[0]!) / max);
    if (sumQ2 > 0 && sumQX * sumQX > best * sumQ2) {
      d = sumQX / sumQ2;
      best = d * sumQX;
    }
  }
  return d;
}

export const iq4_nl = defineGgmlBlock({
  name: 'iq4_nl',
  ggmlType: 20,
  summary: 'ggml IQ4_NL: 32 × 4-bit indices into a non-linear codebook, f16 scale',
  blockSize: 32,
  blockBytes: 18,
  bits: 4,
  scales: [{ format: 'f16', blockSize: 32, scope: 'block' }],
  maxMagnitude: 127 * HALF_MAX,
  minPositive: 2 ** -24,
  layout: {
    fields: [halfAt('d', 0), run('q', 32, 16, 4, { dims: splitNibbles(16) })],
    tables: { kvalues: K },
    value: mul('d', lookup('kvalues', 'q')),
  },
  decodeBlock(bytes, at, out) {
    const d = readHalf(bytes, at);
    for (let j = 0; j < 16; j++) {
      const q = bytes[at + 2 + j]!;
      out[j] = d * K[q & 0xf]!;
      out[j + 16] = d * K[q >> 4]!;
    }
  },
  encodeBlock(x, out, at) {
    const d = writeHalf(out, at, fitScale(x));
    const id = d ? 1 / d : 0;
    for (let j = 0; j < 16; j++)
      out[at + 2 + j] = nearestCode(id * x[j]!) | (nearestCode(id * x[j + 16]!) << 4);
  },
});

export const iq4_xs = defineGgmlBlock({
  name: 'iq4_xs',
  ggmlType: 23,
  summary: 'ggml IQ4_XS: 256 × 4-bit codebook indices, 6-bit scale per 32, f16 super-scale',
  blockSize: 256,
  blockBytes: 136,
  bits: 4,
  scales: [
    { format: 'int6', blockSize: 32, scope: 'block' },
    { format: 'f16', blockSize: 256, scope: 'block' },
  ],
  maxMagnitude: 127 * 32 * HALF_MAX,
  minPositive: 2 ** -24,
  layout: {
    fields: [
      halfAt('d', 0),
      // Low nibble from scales_l (bytes 4–7), bits 4–5 from the u16 scales_h (bytes 2–3).
      gather('ls', 8, [
        { at: 32, width: 4 },
        { at: 16, width: 2, shift: 4 },
      ]),
      run('q', 256, 64, 4, {
        dims: [
          { count: 8, stride: 128 },
          { count: 2, stride: 4 },
          { count: 16, stride: 8 },
        ],
      }),
    ],
    tables: { kvalues: K },
    value: mul(mul('d', sub('ls', 32)), lookup('kvalues', 'q')),
  },
  decodeBlock(bytes, at, out) {
    const d = readHalf(bytes, at);
    const scalesH = bytes[at + 2]! | (bytes[at + 3]! << 8);
    for (let ib = 0; ib < 8; ib++) {
      const low = (bytes[at + 4 + (ib >> 1)]! >> (4 * (ib % 2))) & 0xf;
      const ls = low | (((scalesH >> (2 * ib)) & 3) << 4);
      const dl = Math.fround(d * (ls - 32));
      const qs = at + 8 + 16 * ib;
      for (let j = 0; j < 16; j++) {
        out[32 * ib + j] = dl * K[bytes[qs + j]! & 0xf]!;
        out[32 * ib + j + 16] = dl * K[bytes[qs + j]! >> 4]!;
      }
    }
  },
});

export const iq4Quants = [iq4_nl, iq4_xs] as const;
