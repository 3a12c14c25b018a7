/**
 * ggml's original block types, 32 values per block (ggml-common.h):
 *   q4_0 { f16 d; u8 qs[16] }            x = (q − 8)·d
 *   q4_1 { f16 d, m; u8 qs[16] }         x = q·d + m
 *   q5_0 { f16 d; u8 qh[4]; u8 qs[16] }  x = (q − 16)·d, bit 4 of q in qh
 *   q5_1 { f16 d, m; u8 qh[4]; u8 qs[16] } x = q·d + m
 *   q8_0 { f16 d; i8 qs[32] }            x = q·d
 * Nibbles: byte j holds value j (low) and value j+16 (high). Encoders follow ggml's reference
 * quantizers (scale from the block's extreme value), using the stored f16 scale for the codes.
 */
import type { BlockField } from '@lowbit/core';
import { add, gather, halfAt, mul, run, splitNibbles, sub } from '../block/block-params.ts';
import { int8 } from '../scalar/integers.ts';
import { defineGgmlBlock, readHalf, signedAbsMax, writeHalf } from './ggml-block.ts';

const QK = 32;
const HALF_MAX = 65504;

function minMax(x: Float32Array): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of x) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return [min, max];
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export const q4_0 = defineGgmlBlock({
  name: 'q4_0',
  ggmlType: 2,
  summary: 'ggml Q4_0: 32 × 4-bit, f16 scale, x = (q − 8)·d',
  blockSize: QK,
  blockBytes: 18,
  bits: 4,
  scales: [{ format: 'f16', blockSize: QK, scope: 'block' }],
  maxMagnitude: 8 * HALF_MAX,
  minPositive: 2 ** -24,
  layout: {
    fields: [halfAt('d', 0), run('q', QK, 16, 4, { dims: splitNibbles(16) })],
    value: mul(sub('q', 8), 'd'),
  },
  decodeBlock(bytes, at, out) {
    const d = readHalf(bytes, at);
    for (let j = 0; j < 16; j++) {
      const q = bytes[at + 2 + j]!;
      out[j] = ((q & 0xf) - 8) * d;
      out[j + 16] = ((q >> 4) - 8) * d;
    }
  },
  encodeBlock(x, out, at) {
    const d = writeHalf(out, at, signedAbsMax(x) / -8);
    const id = d ? 1 / d : 0;
    for (let j = 0; j < 16; j++) {
      const lo = clamp(Math.floor(x[j]! * id + 8.5), 0, 15);
      const hi = clamp(Math.floor(x[j + 16]! * id + 8.5), 0, 15);
      out[at + 2 + j] = lo | (hi << 4);
    }
  },
});

export const q4_1 = defineGgmlBlock({
  name: 'q4_1',
  ggmlType: 3,
  summary: 'ggml Q4_1: 32 × 4-bit, f16 scale and minimum, x = q·d + m',
  blockSize: QK,
  blockBytes: 20,
  bits: 4,
  scales: [
    { format: 'f16', blockSize: QK, scope: 'block' },
    { format: 'f16', blockSize: QK, scope: 'block' },
  ],
  maxMagnitude: 16 * HALF_MAX,
  minPositive: 2 ** -24,
  layout: {
    fields: [halfAt('d', 0), halfAt('m', 2), run('q', QK, 32, 4, { dims: splitNibbles(16) })],
    value: add(mul('q', 'd'), 'm'),
  },
  decodeBlock(bytes, at, out) {
    const d = readHalf(bytes, at);
    const m = readHalf(bytes, at + 2);
    for (let j = 0; j < 16; j++) {
      const q = bytes[at + 4 + j]!;
      out[j] = (q & 0xf) * d + m;
      out[j + 16] = (q >> 4) * d + m;
    }
  },
  encodeBlock(x, out, at) {
    const [min, max] = minMax(x);
    const d = writeHalf(out, at, (max - min) / 15);
    const m = writeHalf(out, at + 2, min);
    const id = d ? 1 / d : 0;
    for (let j = 0; j < 16; j++) {
      const lo = clamp(Math.floor((x[j]! - m) * id + 0.5), 0, 15);
      const hi = clamp(Math.floor((x[j + 16]! - m) * id + 0.5), 0, 15);
      out[at + 4 + j] = lo | (hi << 4);
    }
  },
});

function readQh(bytes: Uint8Array, at: number): number {
  return (
    (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0
  );
}

/** q5's codes: nibbles at bit `low` (ggml order), bit 4 from the 32-bit qh word at bit `high`. */
function fiveBits(low: number, high: number): BlockField {
  return gather('q', QK, [
    { at: low, width: 4, dims: splitNibbles(16) },
    { at: high, width: 1, shift: 4 },
  ]);
}

function writeQh(bytes: Uint8Array, at: number, qh: number): void {
  for (let i = 0; i < 4; i++) bytes[at + i] = (qh >>> (8 * i)) & 0xff;
}

export const q5_0 = defineGgmlBlock({
  name: 'q5_0',
  ggmlType: 6,
  summary: 'ggml Q5_0: 32 × 5-bit, f16 scale, x = (q − 16)·d',
  blockSize: QK,
  blockBytes: 22,
  bits: 5,
  scales: [{ format: 'f16', blockSize: QK, scope: 'block' }],
  maxMagnitude: 16 * HALF_MAX,
  minPositive: 2 ** -24,
  layout: {
    fields: [halfAt('d', 0), fiveBits(48, 16)],
    value: mul(sub('q', 16), 'd'),
  },
  decodeBlock(bytes, at, out) {
    const d = readHalf(bytes, at);
    const qh = readQh(bytes, at + 2);
    for (let j = 0; j < 16; j++) {
      const q = bytes[at + 6 + j]!;
      out[j] = (((q & 0xf) | (((qh >>> j) << 4) & 0x10)) - 16) * d;
      out[j + 16] = (((q >> 4) | ((qh >>> (j + 12)) & 0x10)) - 16) * d;
    }
  },
  encodeBlock(x, out, at) {
    const d = writeHalf(out, at, signedAbsMax(x) / -16);
    const id = d ? 1 / d : 0;
    let qh = 0;
    for (let j = 0; j < 16; j++) {
      const lo = clamp(Math.floor(x[j]! * id + 16.5), 0, 31);
      const hi = clamp(Math.floor(x[j + 16]! * id + 16.5), 0, 31);
      out[at + 6 + j] = (lo & 0xf) | ((hi & 0xf) << 4);
      qh |= ((lo >> 4) << j) | ((hi >> 4) << (j + 16));
    }
    writeQh(out, at + 2, qh >>> 0);
  },
});

export const q5_1 = defineGgmlBlock({
  name: 'q5_1',
  ggmlType: 7,
  summary: 'ggml Q5_1: 32 × 5-bit, f16 scale and minimum, x = q·d + m',
  blockSize: QK,
  blockBytes: 24,
  bits: 5,
  scales: [
    { format: 'f16', blockSize: QK, scope: 'block' },
    { format: 'f16', blockSize: QK, scope: 'block' },
  ],
  maxMagnitude: 32 * HALF_MAX,
  minPositive: 2 ** -24,
  layout: {
    fields: [halfAt('d', 0), halfAt('m', 2), fiveBits(64, 32)],
    value: add(mul('q', 'd'), 'm'),
  },
  decodeBlock(bytes, at, out) {
    const d = readHalf(bytes, at);
    const m = readHalf(bytes, at + 2);
    const qh = readQh(bytes, at + 4);
    for (let j = 0; j < 16; j++) {
      const q = bytes[at + 8 + j]!;
      out[j] = ((q & 0xf) | (((qh >>> j) << 4) & 0x10)) * d + m;
      out[j + 16] = ((q >> 4) | ((qh >>> (j + 12)) & 0x10)) * d + m;
    }
  },
  encodeBlock(x, out, at) {
    const [min, max] = minMax(x);
    const d = writeHalf(out, at, (max - min) / 31);
    const m = writeHalf(out, at + 2, min);
    const id = d ? 1 / d : 0;
    let qh = 0;
    for (let j = 0; j < 16; j++) {
      const lo = clamp(Math.floor((x[j]! - m) * id + 0.5), 0, 31);
      const hi = clamp(Math.floor((x[j + 16]! - m) * id + 0.5), 0, 31);
      out[at + 8 + j] = (lo & 0xf) | ((hi & 0xf) << 4);
      qh |= ((lo >> 4) << j) | ((hi >> 4) << (j + 16));
    }
    writeQh(out, at + 4, qh >>> 0);
  },
});

export const q8_0 = defineGgmlBlock({
  name: 'q8_0',
  ggmlType: 8,
  summary: 'ggml Q8_0: 32 × int8, f16 scale, x = q·d',
  blockSize: QK,
  blockBytes: 34,
  bits: 8,
  scales: [{ format: 'f16', blockSize: QK, scope: 'block' }],
  maxMagnitude: 128 * HALF_MAX,
  minPositive: 2 ** -24,
  layout: {
    fields: [halfAt('d', 0), run('q', QK, 16, 8, { as: int8.params })],
    value: mul('q', 'd'),
  },
  decodeBlock(bytes, at, out) {
    const d = readHalf(bytes, at);
    for (let j = 0; j < QK; j++) out[j] = ((bytes[at + 2 + j]! << 24) >> 24) * d;
  },
  encodeBlock(x, out, at) {
    let amax = 0;
    for (const v of x) amax = Math.max(amax, Math.abs(v));
    const d = writeHalf(out, at, amax / 127);
    const id = d ? 1 / d : 0;
    for (let j = 0; j < QK; j++) {
      const v = x[j]! * id;
      out[at + 2 + j] = clamp(Math.sign(v) * Math.floor(Math.abs(v) + 0.5), -127, 127) & 0xff;
    }
  },
});

export const legacyQuants = [q4_0, q4_1, q5_0, q5_1, q8_0] as const;
