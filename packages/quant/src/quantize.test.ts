import { createRng, getFormat } from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import { describe, expect, it } from 'vitest';
import { relativeMse } from './metrics.ts';
import { dequantize, quantize, storedBitsPerValue } from './quantize.ts';

registerAllFormats();
const rng = createRng(3);
const weights = Float32Array.from(
  { length: 16 * 64 },
  (_, i) => (rng.nextFloat() - 0.5) * (1 + (i % 64 === 5 ? 20 : 0)),
);

describe('quantize / dequantize', () => {
  it('per-channel int8 keeps every error within half a step of its row', () => {
    const q = quantize(weights, [16, 64], 'int8');
    expect(q.granularity).toBe('channel');
    expect(q.scales.length).toBe(16);
    const back = dequantize(q);
    for (let i = 0; i < weights.length; i++)
      expect(Math.abs(back[i]! - weights[i]!)).toBeLessThanOrEqual(
        q.scales[Math.floor(i / 64)]! / 2 + 1e-7,
      );
    expect(storedBitsPerValue(q)).toBe(8 + (16 * 32) / weights.length);
  });

  it('finer granularity lowers the error on outlier columns: tensor > channel(axis 1) and group', () => {
    const error = (options: object) =>
      relativeMse(weights, dequantize(quantize(weights, [16, 64], 'int4', options)));
    const tensor = error({ granularity: 'tensor' });
    expect(error({ granularity: 'channel', axis: 1 })).toBeLessThan(tensor);
    expect(error({ granularity: 'group', groupSize: 16 })).toBeLessThan(tensor);
  });

  it('MSE clip search never loses to absmax; percentile clips outliers', () => {
    const error = (options: object) =>
      relativeMse(
        weights,
        dequantize(quantize(weights, [16, 64], 'int4', { granularity: 'tensor', ...options })),
      );
    expect(error({ clip: 'mse' })).toBeLessThanOrEqual(error({ clip: 'absmax' }));
    const pct = quantize(weights, [16, 64], 'int4', {
      granularity: 'tensor',
      clip: 'percentile',
      percentile: 90,
    });
    const abs = quantize(weights, [16, 64], 'int4', { granularity: 'tensor' });
    expect(pct.scales[0]!).toBeLessThan(abs.scales[0]!);
  });

  it('asymmetric int4 with a zero point represents a shifted range exactly at its grid points', () => {
    const x = Float32Array.from({ length: 32 }, (_, i) => 10 + (i % 16) * 0.5);
    const q = quantize(x, [32], 'uint4', { granularity: 'tensor', zeroPoint: true });
    expect(Array.from(dequantize(q))).toEqual(Array.from(x));
    const symmetric = relativeMse(
      x,
      dequantize(quantize(x, [32], 'int4', { granularity: 'tensor' })),
    );
    const asymmetric = relativeMse(
      x,
      dequantize(quantize(x, [32], 'int4', { granularity: 'tensor', zeroPoint: true })),
    );
    expect(asymmetric).toBeLessThan(symmetric);
  });

  it('scalar float formats scale to their max (fp8 per tensor)', () => {
    const q = quantize(weights, [16, 64], 'fp8_e4m3fn', { granularity: 'tensor' });
    let amax = 0;
    for (const v of weights) amax = Math.max(amax, Math.abs(v));
    expect(q.scales[0]).toBeCloseTo(amax / 448, 6);
    expect(relativeMse(weights, dequantize(q))).toBeLessThan(1e-3);
  });

  it('block formats encode row by row with their own scales', () => {
    for (const name of ['mxfp4', 'nvfp4', 'q4_K', 'q8_0']) {
      const shape = name === 'q4_K' ? [4, 256] : [16, 64];
      const x = weights.subarray(0, shape[0]! * shape[1]!);
      const q = quantize(x, shape, name);
      expect(q.granularity).toBe('block');
      expect(q.data.length).toBe(shape[0]! * getFormat(name).byteLength(shape[1]!));
      expect(relativeMse(x, dequantize(q))).toBeLessThan(0.05);
    }
  });

  it('rejects inconsistent requests with coded errors', () => {
    expect(() => quantize(weights, [16, 64], 'mxfp4', { granularity: 'tensor' })).toThrow(
      expect.objectContaining({ code: 'E_ARGUMENT' }),
    );
    expect(() =>
      quantize(weights, [16, 64], 'int4', { granularity: 'group', groupSize: 48 }),
    ).toThrow(expect.objectContaining({ code: 'E_SHAPE' }));
    expect(() => quantize(weights, [16, 64], 'fp8_e4m3fn', { zeroPoint: true })).toThrow(
      expect.objectContaining({ code: 'E_ARGUMENT' }),
    );
    expect(() => quantize(weights, [16, 60], 'int4')).toThrow(
      expect.objectContaining({ code: 'E_SHAPE' }),
    );
    expect(() => quantize(weights, [16, 64], 'int4', { granularity: 'channel', axis: 2 })).toThrow(
      expect.objectContaining({ code: 'E_ARGUMENT' }),
    );
  });
});
