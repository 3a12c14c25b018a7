/**
 * ggml's newest low-bit types, layouts established from ggml's own bytes and decodes
 * (fixtures/ggml-blocks, ggml commit d99724f):
 *   q1_0 { f16 d; u8 qs[16] }  128 values, 1 bit each (LSB first): x = bit ? d : −d
 *   q2_0 { f16 d; u8 qs[16] }  64 values, 2 bits each (LSB first): x = (q − 1)·d
 * ggml's fixture never uses q2_0's code 3; we decode it by the same formula (2d) and never
 * write it. Encoders: q1_0 uses d = mean |x| (the least-squares scale for signs); q2_0 searches
 * the scale for ternary codes {−1, 0, +1} by least squares.
 */
import { halfAt, mul, run, sub } from '../block/block-params.ts';
import { defineGgmlBlock, readHalf, writeHalf } from './ggml-block.ts';

const HALF_MAX = 65504;

export const q1_0 = defineGgmlBlock({
  name: 'q1_0',
  ggmlType: 41,
  summary: 'ggml Q1_0: 128 × 1-bit signs, f16 scale, x = ±d',
  blockSize: 128,
  blockBytes: 18,
  bits: 1,
  scales: [{ format: 'f16', blockSize: 128, scope: 'block' }],
  maxMagnitude: HALF_MAX,
  minPositive: 2 ** -24,
  layout: {
    fields: [halfAt('d', 0), run('q', 128, 16, 1)],
    value: mul('d', sub(mul(2, 'q'), 1)),
  },
  decodeBlock(bytes, at, out) {
    const d = readHalf(bytes, at);
    for (let i = 0; i < 128; i++) out[i] = (bytes[at + 2 + (i >> 3)]! >> (i & 7)) & 1 ? d : -d;
  },
  encodeBlock(x, out, at) {
    let sum = 0;
    for (const v of x) sum += Math.abs(v);
    writeHalf(out, at, sum / 128);
    for (let i = 0; i < 128; i++) if (x[i]! >= 0) out[at + 2 + (i >> 3)]! |= 1 << (i & 7);
  },
});

/** Ternary codes for x at scale d, and the least-squares error they leave. */
function ternaryFit(x: Float32Array, d: number): { error: number; scale: number } {
  let sumQX = 0;
  let sumQ2 = 0;
  for (const v of x) {
    const q = Math.abs(v) >= d / 2 ? Math.sign(v) : 0;
    sumQX += q * v;
    sumQ2 += q * q;
  }
  const scale = sumQ2 ? sumQX / sumQ2 : 0;
  let error = 0;
  for (const v of x) {
    const q = Math.abs(v) >= d / 2 ? Math.sign(v) : 0;
    error += (v - q * scale) ** 2;
  }
  return { error, scale };
}

export const q2_0 = defineGgmlBlock({
  name: 'q2_0',
  ggmlType: 42,
  summary: 'ggml Q2_0: 64 × 2-bit, f16 scale, x = (q − 1)·d',
  blockSize: 64,
  blockBytes: 18,
  bits: 2,
  scales: [{ format: 'f16', blockSize: 64, scope: 'block' }],
  maxMagnitude: 2 * HALF_MAX,
  minPositive: 2 ** -24,
  layout: {
    fields: [halfAt('d', 0), run('q', 64, 16, 2)],
    value: mul(sub('q', 1), 'd'),
  },
  decodeBlock(bytes, at, out) {
    const d = readHalf(bytes, at);
    for (let i = 0; i < 64; i++)
      out[i] = (((bytes[at + 2 + (i >> 2)]! >> (2 * (i & 3))) & 3) - 1) * d;
  },
  encodeBlock(x, out, at) {
    let amax = 0;
    for (const v of x) amax = Math.max(amax, Math.abs(v));
    let best = { error: Number.POSITIVE_INFINITY, scale: 0 };
    let threshold = amax;
    for (let k = 0; k <= 16 && amax > 0; k++) {
      const fit = ternaryFit(x, amax * (0.3 + 0.05 * k));
      if (fit.error < best.error) {
        best = fit;
        threshold = amax * (0.3 + 0.05 * k);
      }
    }
    const d = writeHalf(out, at, best.scale);
    for (let i = 0; i < 64; i++) {
      const q = d && Math.abs(x[i]!) >= threshold / 2 ? Math.sign(x[i]!) : 0;
      out[at + 2 + (i >> 2)]! |= (q + 1) << (2 * (i & 3));
    }
  },
});

export const bitQuants = [q1_0, q2_0] as const;
