import { describe, expect, it } from 'vitest';
import {
  compareRatios,
  mergeReport,
  parseRatioCell,
  parseRatios,
  parseSections,
  section,
} from './report.mjs';

const table = (ratio: string) =>
  [
    '## GEMV',
    '',
    '| weights | lowbit | wasm vs ort |',
    '| --- | ---: | ---: |',
    `| q4_0 1×4096 | 13.5 (12.9 ±4%) | ${ratio} |`,
  ].join('\n');

describe('report sections', () => {
  it('merges a fresh section in and keeps the others, in suite order', () => {
    const old = mergeReport(
      '# old header',
      ['a', 'b', 'c'],
      '',
      new Map([
        ['a', section('a', 'A1')],
        ['c', section('c', 'C1')],
      ]),
    );
    const merged = mergeReport(
      '# new header',
      ['a', 'b', 'c'],
      old,
      new Map([
        ['b', section('b', 'B2')],
        ['c', section('c', 'C2')],
      ]),
    );
    expect(merged).toBe(
      '# new header\n\n<!-- bench:a -->\nA1\n<!-- /bench:a -->\n\n<!-- bench:b -->\nB2\n<!-- /bench:b -->\n\n<!-- bench:c -->\nC2\n<!-- /bench:c -->\n',
    );
    expect([...parseSections(merged).keys()]).toEqual(['a', 'b', 'c']);
  });
});

describe('ratio parsing', () => {
  it('reads the median of a min / median / max cell, a single ratio, bold, and nothing else', () => {
    expect(parseRatioCell(' 1.10 / 1.23 / 1.40× ')).toBe(1.23);
    expect(parseRatioCell('**3.11×**')).toBe(3.11);
    expect(parseRatioCell('310.9×')).toBe(310.9);
    expect(parseRatioCell('—')).toBeNull();
    expect(parseRatioCell('13.52 (12.90 ±4%)')).toBeNull();
    expect(parseRatioCell('peer not built (run `x`)')).toBeNull();
  });

  it('keys ratios by section, row and column, in marked and pre-marker reports, padded or not', () => {
    const marked = `# B\n\n${section('gemv', table('1.5 / 2.0 / 2.5×'))}\n`;
    expect([...parseRatios(marked)]).toEqual([['gemv › q4_0 1×4096 › wasm vs ort', 2]]);
    const padded =
      '# B\n\n## Old title\n\n| n    | wasm vs cpu |\n| ---- | ----------: |\n| 2^10 |       4.47× |\n\nTarget: text.\n';
    expect([...parseRatios(padded)]).toEqual([['Old title › 2^10 › wasm vs cpu', 4.47]]);
    expect([...parseRatios(padded, new Map([['Old title', 'fwht']]))]).toEqual([
      ['fwht › 2^10 › wasm vs cpu', 4.47],
    ]);
  });
});

describe('ratio comparison', () => {
  const baseline = parseRatios(section('gemv', table('1.5 / 2.0 / 2.5×')));

  it('flags a median that fell by more than 30%', () => {
    const fresh = parseRatios(section('gemv', table('1.2 / 1.3 / 1.5×')));
    expect(compareRatios(baseline, fresh)).toEqual({
      compared: 1,
      regressions: [{ key: 'gemv › q4_0 1×4096 › wasm vs ort', before: 2, after: 1.3 }],
      unmatched: [],
    });
  });

  it('lets a fall within 30% pass and lists ratios the baseline lacks', () => {
    const fresh = parseRatios(
      `${section('gemv', table('1.2 / 1.5 / 1.5×'))}\n${section('fft', table('1.0×'))}`,
    );
    const result = compareRatios(baseline, fresh);
    expect(result.regressions).toEqual([]);
    expect(result.unmatched).toEqual(['fft › q4_0 1×4096 › wasm vs ort']);
  });
});
