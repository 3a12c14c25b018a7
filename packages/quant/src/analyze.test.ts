// The papers' claim (QuaRot, SpinQuant, NVFP4 training): a random Hadamard rotation spreads
// heavy tails and lowers 4-bit quantization error. Checked on ggml's fixture input: row 2 is
// Laplace-like (heavy-tailed everywhere), row 1 is small normals plus ~1% huge outliers.
import { registerAllFormats } from '@lowbit/formats';
import { describe, expect, it } from 'vitest';
import { fixtureFloats } from '../../../tooling/test-helpers/fixtures.ts';
import { analyze, analyzeCovered } from './analyze.ts';
import { nominalBitsPerValue, parseFormatSpec, parseTransformSpec } from './analyze-specs.ts';

registerAllFormats();
const input = fixtureFloats('ggml-blocks/input.f32');
const outlierRow = input.slice(1024, 2048);
const laplaceRow = input.slice(2048, 3072);

function errors(values: Float32Array, shape: number[], formats: string[]) {
  const reports = analyze(
    values,
    shape,
    formats.map(parseFormatSpec),
    ['none', 'rht'].map(parseTransformSpec),
  );
  return (format: string, transform: string) =>
    reports.find((r) => r.format === format && r.transform === transform)!.relativeMse;
}

describe('analyze', () => {
  it('parses format and transform specs', () => {
    expect(parseFormatSpec('int4/g128/mse/zp')).toMatchObject({
      format: 'int4',
      options: { granularity: 'group', groupSize: 128, clip: 'mse', zeroPoint: true },
    });
    expect(parseFormatSpec('nvfp4').options).toEqual({});
    expect(parseFormatSpec('int8').options.granularity).toBe('channel');
    expect(() => parseFormatSpec('int4/g')).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    expect(() => parseFormatSpec('int9')).toThrow(
      expect.objectContaining({ code: 'E_FORMAT_UNKNOWN' }),
    );
    expect(() => parseTransformSpec('rotate')).toThrow(
      expect.objectContaining({ code: 'E_USAGE' }),
    );
  });

  it('every transform is undone exactly before measuring (a lossless format shows no error)', () => {
    const transforms = ['none', 'hadamard', 'rht:3', 'block-hadamard:32', 'smooth:0.5'].map(
      parseTransformSpec,
    );
    const reports = analyze(outlierRow, [8, 128], [parseFormatSpec('f32/tensor')], transforms);
    for (const r of reports) expect(r.relativeMse).toBeLessThan(1e-12);
  });

  it('random Hadamard rotation lowers the 4-bit error of int4 and mxfp4 on a heavy-tailed matrix', () => {
    const error = errors(laplaceRow, [8, 128], ['int4/g128', 'int4/g32', 'mxfp4']);
    expect(error('int4/g128', 'rht')).toBeLessThan(error('int4/g128', 'none') / 2);
    expect(error('int4/g32', 'rht')).toBeLessThan(error('int4/g32', 'none') / 1.5);
    expect(error('mxfp4', 'rht')).toBeLessThan(error('mxfp4', 'none') * 0.85);
  });

  it('nvfp4 (16-value blocks, fine FP8 scales) is already robust: rotation changes its error little', () => {
    const error = errors(laplaceRow, [8, 128], ['nvfp4']);
    const change = error('nvfp4', 'rht') / error('nvfp4', 'none');
    expect(change).toBeGreaterThan(0.85);
    expect(change).toBeLessThan(1.15);
  });

  it('when the energy sits in a few huge outliers that absmax keeps exact, rotation raises relative MSE', () => {
    // Spreading 9 outliers over every value costs the inliers' resolution; the total-energy
    // metric then gets worse even though the outliers no longer set every block's scale.
    const error = errors(outlierRow, [8, 128], ['int4/g128', 'nvfp4']);
    expect(error('int4/g128', 'rht')).toBeGreaterThan(error('int4/g128', 'none'));
    expect(error('nvfp4', 'rht')).toBeGreaterThan(error('nvfp4', 'none'));
  });

  it('sorts reports by relative MSE', () => {
    const reports = analyze(
      laplaceRow,
      [8, 128],
      ['int4/g128', 'mxfp4', 'nvfp4'].map(parseFormatSpec),
      ['none', 'rht'].map(parseTransformSpec),
    );
    for (let i = 1; i < reports.length; i++)
      expect(reports[i]!.relativeMse).toBeGreaterThanOrEqual(reports[i - 1]!.relativeMse);
  });

  it('states nominal bits beside the padded bits actually stored', () => {
    const rows = laplaceRow.slice(0, 256);
    const [q4k] = analyze(rows, [4, 64], [parseFormatSpec('q4_K')], [parseTransformSpec('none')]);
    // q4_K's 256-value block holds 64-value rows padded: 144 bytes per 64 values.
    expect(q4k).toMatchObject({ nominalBitsPerValue: 4.5, bitsPerValue: 18 });
    expect(nominalBitsPerValue(parseFormatSpec('int4/g32'))).toBe(5);
    expect(nominalBitsPerValue(parseFormatSpec('int4/g64/zp'))).toBe(5);
    expect(nominalBitsPerValue(parseFormatSpec('fp8_e4m3fn/ch'))).toBe(8);
  });

  it('lists the combinations a shape cannot take, with the reason, and measures the rest', () => {
    const rows = laplaceRow.slice(0, 4 * 172);
    const { reports, skipped } = analyzeCovered(
      rows,
      [4, 172],
      ['int4/g32', 'q8_0'].map(parseFormatSpec),
      ['none', 'hadamard'].map(parseTransformSpec),
    );
    expect(reports.map((r) => `${r.format} ${r.transform}`)).toEqual(['q8_0 none']);
    expect(skipped).toEqual([
      {
        format: 'int4/g32',
        transform: 'none',
        reason: expect.stringMatching(/Group size 32 .*172/),
      },
      {
        format: 'int4/g32',
        transform: 'hadamard',
        reason: expect.stringMatching(/Hadamard .*172/),
      },
      { format: 'q8_0', transform: 'hadamard', reason: expect.stringMatching(/Hadamard .*172/) },
    ]);
    expect(() =>
      analyze(rows, [4, 172], [parseFormatSpec('int4/g32')], [parseTransformSpec('none')]),
    ).toThrow(expect.objectContaining({ code: 'E_SHAPE' }));
  });
});
