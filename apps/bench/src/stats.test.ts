import { describe, expect, it } from 'vitest';
import { formatRatio, quantile, ratioMeets, roundRatios, summarize } from './stats.mjs';
import { ratioVerdict, valueVerdict } from './verdict.mjs';

describe('burst statistics', () => {
  it('interpolates quantiles between order statistics, whatever the input order', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([5, 1, 3], 0.25)).toBe(2);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('reports the best burst, the median and half the IQR relative to the median', () => {
    expect(summarize([12, 10, 11, 30, 10.5])).toEqual({
      best: 10,
      median: 11,
      spread: (12 - 10.5) / 2 / 11,
    });
  });

  it('takes one ratio per round from each side’s best burst', () => {
    const peer = [
      [20, 22],
      [30, 31],
      [24, 40],
    ];
    const ours = [
      [10, 11],
      [10, 50],
      [12, 12],
    ];
    expect(roundRatios(peer, ours)).toEqual({ min: 2, median: 2, max: 3 });
  });

  it('meets a ratio target only if the minimum over rounds meets it', () => {
    expect(ratioMeets({ min: 0.99, median: 5, max: 9 }, 1)).toBe(false);
    expect(ratioMeets({ min: 1, median: 1, max: 1 }, 1)).toBe(true);
  });

  it('formats min / median / max and a dash for missing rounds', () => {
    expect(formatRatio({ min: 1.104, median: 12.34, max: 40 })).toBe('1.10 / 12.3 / 40.0×');
    expect(formatRatio({ min: Number.NaN, median: 1, max: 1 })).toBe('—');
  });
});

describe('target verdicts', () => {
  it('says met or missed from the min ratio, or that nothing was measured', () => {
    expect(ratioVerdict('q4_0 vs ort', { min: 0.9, median: 1.2, max: 1.5 }, 1)).toContain(
      '**missed**',
    );
    expect(ratioVerdict('q4_0 vs ort', { min: 1.1, median: 1.2, max: 1.5 }, 1)).toContain(
      '**met**',
    );
    const none = { min: Number.NaN, median: Number.NaN, max: Number.NaN };
    expect(ratioVerdict('vs ggml', none, 0.25, 'ggml not built')).toBe(
      '- vs ggml ≥ 0.25×: not measured (ggml not built)',
    );
  });

  it('judges an absolute target on its worst round', () => {
    expect(valueVerdict('2^16', [1.0, 1.3], 1.2, 'ns', { atMost: true })).toContain('**missed**');
    expect(valueVerdict('rate', [1.1, 1.3], 1, 'G/s')).toContain('worst round 1.100 G/s — **met**');
  });
});
