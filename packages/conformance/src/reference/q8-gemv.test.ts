import { describe, expect, it } from 'vitest';
import { q8Gemv, quantizeActivations, roundHalfEven } from './q8-gemv.ts';

describe('q8 activations (ggml block_q8_0 as the wasm kernels quantize)', () => {
  it('rounds ties to even, as f32x4.nearest', () => {
    expect([2.5, 3.5, -2.5, -3.5, 0.5, 1.4999].map(roundHalfEven)).toEqual([2, 4, -2, -4, 0, 1]);
  });

  it('scales each block of 32 by its own absmax / 127', () => {
    const x = new Float32Array(64);
    x[0] = 127;
    x[1] = -63.5; // a tie: 63.5 → 64 (even)
    x[32] = 2;
    x[33] = 1;
    const { codes, scales } = quantizeActivations(x, 32);
    expect(Array.from(scales)).toEqual([1, Math.fround(2 / 127)]);
    expect([codes[0], codes[1], codes[32], codes[33]]).toEqual([127, -64, 127, 64]);
  });

  it('is the dot product of quantized x with W, blocks summed in float64', () => {
    const x = Float32Array.from({ length: 32 }, (_, i) => (i % 2 ? -1 : 1) * 127);
    const w = new Float32Array(32).fill(0.5);
    expect(Array.from(q8Gemv(x, w, 1, 1, 32, 32))).toEqual([0]);
    expect(Array.from(q8Gemv(x.map(Math.abs), w, 1, 1, 32, 32))).toEqual([32 * 127 * 0.5]);
  });
});
