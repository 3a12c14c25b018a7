// The allocation-free analysis (whole-tensor round trips, the MSE search over all groups at once)
// must give the metrics of the previous path bit for bit: a per-group quantize (kept in
// __fixtures__/reference-quantize.ts) then dequantize, row by row for block formats.
import { registerAllFormats } from '@lowbit/formats';
import { describe, expect, it } from 'vitest';
import { fixtureFloats } from '../../../tooling/test-helpers/fixtures.ts';
import {
  storedBitsPerValue as referenceBits,
  dequantize as referenceDequantize,
  quantize as referenceQuantize,
} from './__fixtures__/reference-quantize.ts';
import { analyzeCovered, analyzeOn } from './analyze.ts';
import { nominalBitsPerValue, parseFormatSpec, parseTransformSpec } from './analyze-specs.ts';
import { errorMetrics, type QuantReport } from './metrics.ts';
import { dequantize, quantize } from './quantize.ts';

registerAllFormats();
const input = fixtureFloats('ggml-blocks/input.f32');
const FORMATS = [
  'int4/g32',
  'int4/g64/mse',
  'int4/g32/mse/zp',
  'int8/ch/pct99.5',
  'nf4/g64',
  'fp8_e4m3fn/ch',
  'fp8_e4m3fn/tensor/mse',
  'q4_0',
  'q4_K',
  'iq4_nl',
  'mxfp4',
  'nvfp4',
  'q8_0',
  'mxfp8_e4m3',
].map(parseFormatSpec);
const TRANSFORMS = ['none', 'hadamard', 'rht:7', 'smooth:0.5'].map(parseTransformSpec);

/** The previous analyze loop: quantize, dequantize, undo the transform, measure. */
function referenceAnalyze(values: Float32Array, shape: number[]): QuantReport[] {
  const n = shape[shape.length - 1]!;
  const reports: QuantReport[] = [];
  for (const transform of TRANSFORMS) {
    const rotated = values.slice();
    const inverse = transform.apply(rotated, n, values.length / n);
    for (const spec of FORMATS) {
      let q: ReturnType<typeof referenceQuantize>;
      try {
        q = referenceQuantize(rotated, shape, spec.format, spec.options);
      } catch {
        continue;
      }
      const approx = referenceDequantize(q);
      inverse(approx);
      reports.push({
        format: spec.label,
        transform: transform.label,
        bitsPerValue: referenceBits(q),
        nominalBitsPerValue: nominalBitsPerValue(spec),
        values: values.length,
        ...errorMetrics(values, approx),
      });
    }
  }
  return reports.sort((a, b) => a.relativeMse - b.relativeMse);
}

describe('analyze: the optimized path against the previous one', () => {
  it.each([
    ['whole blocks', input.slice(0, 8 * 256), [8, 256]],
    [
      'rows that are not whole blocks (row-by-row round trips)',
      input.slice(1024, 1024 + 6 * 192),
      [6, 192],
    ],
  ])('gives bit-identical reports on %s', (_, values, shape) => {
    const expected = referenceAnalyze(values, shape);
    expect(expected.length).toBeGreaterThan(40);
    expect(analyzeCovered(values, shape, FORMATS, TRANSFORMS).reports).toEqual(expected);
  });

  it('gives the same reports when the round trips run asynchronously (analyzeOn)', async () => {
    const values = input.slice(2048, 3072);
    const roundTrips: number[] = [];
    const viaCodec = await analyzeOn(
      ({ format, input: x, options }) => {
        roundTrips.push(x.length);
        return Promise.resolve(format.decode(format.encode(x, options), x.length));
      },
      values,
      [4, 256],
      FORMATS,
      TRANSFORMS,
    );
    expect(viaCodec).toEqual(analyzeCovered(values, [4, 256], FORMATS, TRANSFORMS));
    // Each combination round-trips the tensor once (row by row where a tensor-wide scale
    // forbids one array), and the MSE search once per candidate ratio (21) for all groups.
    const mseSpecs = FORMATS.filter((f) => f.options.clip === 'mse').length;
    const once = TRANSFORMS.length * (FORMATS.length + 21 * mseSpecs);
    expect(roundTrips.reduce((a, b) => a + b, 0)).toBe(once * values.length);
    expect(roundTrips.length).toBeLessThan(once + TRANSFORMS.length * 4);
  });

  it('quantize and dequantize match the per-group path, every clip method, axis 1 included', () => {
    const values = input.slice(0, 16 * 64);
    for (const options of [
      { granularity: 'group', groupSize: 32, clip: 'mse', zeroPoint: true },
      { granularity: 'channel', axis: 1, clip: 'percentile', percentile: 99 },
      { granularity: 'channel', clip: 'mse' },
      { granularity: 'tensor' },
    ] as const) {
      const q = quantize(values, [16, 64], 'int4', options);
      const r = referenceQuantize(values, [16, 64], 'int4', options);
      expect(q.data).toEqual(r.data);
      expect(q.scales).toEqual(r.scales);
      expect(q.zeroPoints).toEqual(r.zeroPoints);
      expect(dequantize(q)).toEqual(referenceDequantize(r));
    }
  });
});
