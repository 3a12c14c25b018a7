/**
 * ggml's ternary types (TriLMs / BitNet b1.58), 256 values of {−1, 0, +1}·d per block:
 *   tq1_0 { u8 qs[48]; u8 qh[4]; f16 d }  five trits per byte (1.69 bits/value): a byte q holds
 *         the base-3 digits of ⌈q_trits·256/243⌉; digit n is ((q·3^n mod 256)·3) >> 8
 *   tq2_0 { u8 qs[64]; f16 d }            2 bits per value, code = value + 1
 * Encoders follow ggml's reference: d = max|x|, trits = round-half-away(x/d).
 */
import { halfAt, mul, run, sub } from '../block/block-params.ts';
import { defineGgmlBlock, readHalf, writeHalf } from './ggml-block.ts';

/** x = (trit − 1)·d. */
const ternaryValue = mul(sub('q', 1), 'd');

/** `count` trits from `bytes` bytes at byte `at`: digit n of byte m is value n·bytes + m. */
const tritPiece = (count: number, at: number, digits: number, bytes: number) => ({
  count,
  slices: [
    {
      at: 8 * at,
      width: 8,
      radix: 3 as const,
      dims: [
        { count: digits, digit: true },
        { count: bytes, stride: 8 },
      ],
    },
  ],
});

const POW3 = [1, 3, 9, 27, 81, 243];

function absMax(x: Float32Array): number {
  let amax = 0;
  for (const v of x) amax = Math.max(amax, Math.abs(v));
  return amax;
}

/** round-half-away(x·id) + 1 ∈ {0, 1, 2}. */
function trit(x: number, id: number): number {
  const v = x * id;
  return Math.min(2, Math.max(0, Math.sign(v) * Math.floor(Math.abs(v) + 0.5) + 1));
}

/** Digit n (0 = most significant) of a packed base-3 byte. */
function digit(byte: number, n: number): number {
  return (((byte * POW3[n]!) & 0xff) * 3) >> 8;
}

/** Packs base-3 digits (most significant first) into one byte by ceiling division. */
function packTrits(digits: number[]): number {
  let q = 0;
  for (const t of digits) q = q * 3 + t;
  return Math.floor((q * 256 + 242) / 243);
}

export const tq1_0 = defineGgmlBlock({
  name: 'tq1_0',
  ggmlType: 34,
  summary: 'ggml TQ1_0: 256 ternary values, 5 per byte, f16 scale (1.69 bits/value)',
  blockSize: 256,
  blockBytes: 54,
  bits: 1.6,
  scales: [{ format: 'f16', blockSize: 256, scope: 'block' }],
  maxMagnitude: 65504,
  minPositive: 2 ** -24,
  layout: {
    fields: [
      {
        name: 'q',
        count: 256,
        pieces: [tritPiece(160, 0, 5, 32), tritPiece(80, 32, 5, 16), tritPiece(16, 48, 4, 4)],
      },
      halfAt('d', 52),
    ],
    value: ternaryValue,
  },
  decodeBlock(bytes, at, out) {
    const d = readHalf(bytes, at + 52);
    let y = 0;
    for (const [start, width] of [
      [0, 32],
      [32, 16],
    ] as const) {
      for (let n = 0; n < 5; n++)
        for (let m = 0; m < width; m++) out[y++] = (digit(bytes[at + start + m]!, n) - 1) * d;
    }
    for (let n = 0; n < 4; n++)
      for (let j = 0; j < 4; j++) out[y++] = (digit(bytes[at + 48 + j]!, n) - 1) * d;
  },
  encodeBlock(x, out, at) {
    const d = writeHalf(out, at + 52, absMax(x));
    const id = d ? 1 / d : 0;
    let base = 0;
    for (const [start, width] of [
      [0, 32],
      [32, 16],
    ] as const) {
      for (let m = 0; m < width; m++) {
        out[at + start + m] = packTrits(
          [0, 1, 2, 3, 4].map((n) => trit(x[base + m + n * width]!, id)),
        );
      }
      base += 5 * width;
    }
    for (let j = 0; j < 4; j++)
      out[at + 48 + j] = packTrits([...[0, 1, 2, 3].map((m) => trit(x[base + j + m * 4]!, id)), 0]);
  },
});

export const tq2_0 = defineGgmlBlock({
  name: 'tq2_0',
  ggmlType: 35,
  summary: 'ggml TQ2_0: 256 ternary values, 2 bits each, f16 scale',
  blockSize: 256,
  blockBytes: 66,
  bits: 2,
  scales: [{ format: 'f16', blockSize: 256, scope: 'block' }],
  maxMagnitude: 65504,
  minPositive: 2 ** -24,
  layout: {
    fields: [
      run('q', 256, 0, 2, {
        dims: [
          { count: 2, stride: 256 },
          { count: 4, stride: 2 },
          { count: 32, stride: 8 },
        ],
      }),
      halfAt('d', 64),
    ],
    value: ternaryValue,
  },
  decodeBlock(bytes, at, out) {
    const d = readHalf(bytes, at + 64);
    let y = 0;
    for (let j = 0; j < 64; j += 32) {
      for (let l = 0; l < 4; l++)
        for (let m = 0; m < 32; m++) out[y++] = (((bytes[at + j + m]! >> (2 * l)) & 3) - 1) * d;
    }
  },
  encodeBlock(x, out, at) {
    const d = writeHalf(out, at + 64, absMax(x));
    const id = d ? 1 / d : 0;
    for (let j = 0; j < 64; j += 32) {
      for (let m = 0; m < 32; m++) {
        let q = 0;
        for (let n = 0; n < 4; n++) q |= trit(x[4 * j + m + 32 * n]!, id) << (2 * n);
        out[at + j + m] = q;
      }
    }
  },
});

export const ternaryQuants = [tq1_0, tq2_0] as const;
