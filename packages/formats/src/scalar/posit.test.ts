import { createRng } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { definePosit, positFormats, positValue } from './posit.ts';

const f32 = (x: number) => Math.fround(x);

describe('posit values from the definition', () => {
  it('decodes hand-worked codes', () => {
    // posit<8,0>: 0x40 = 1, 0x60 = 2, 0x50 = 1.5, 0x01 = minpos 1/64, 0x7f = maxpos 64.
    expect([0x40, 0x60, 0x50, 0x01, 0x7f, 0xc0].map((c) => positValue(8, 0, c))).toEqual([
      1,
      2,
      1.5,
      1 / 64,
      64,
      -1,
    ]);
    // posit<8,2> (Posit Standard 2022): useed = 16, maxpos = 2^24, 0x48 = 2 (regime 0, exponent 01).
    expect([0x40, 0x48, 0x7f, 0x01].map((c) => positValue(8, 2, c))).toEqual([
      1,
      2,
      2 ** 24,
      2 ** -24,
    ]);
    // posit<16,1>: 0x4000 = 1, maxpos = 2^28; posit<16,2>: maxpos = 2^56.
    expect(positValue(16, 1, 0x4000)).toBe(1);
    expect(positValue(16, 1, 0x7fff)).toBe(2 ** 28);
    expect(positValue(16, 2, 0x7fff)).toBe(2 ** 56);
    expect(positValue(16, 2, 0x8000)).toBeNaN();
    expect(positValue(16, 2, 0x0001)).toBe(2 ** -56);
  });
});

describe.each(positFormats.map((f) => [f.name, f] as const))('%s', (_name, format) => {
  const n = format.bits;
  const size = 2 ** n;
  const wider = (code: number) => positValue(n + 1, format.es, code);

  it('re-encodes every code to itself; NaR stays NaR', () => {
    const bad: number[] = [];
    for (let c = 0; c < size; c++) {
      const v = format.codeValue(c);
      if (format.encodeOne(Number.isNaN(v) ? Number.NaN : f32(v)) !== c) bad.push(c);
    }
    expect(bad).toEqual([]);
  });

  it('rounds on the bit string: each tie is a code of posit<n+1> and goes to the even pattern', () => {
    // Between codes c and c+1 of posit<n,es> lies code 2c+1 of posit<n+1,es>: the exact tie.
    const bad: string[] = [];
    for (let c = 1; c < size / 2 - 1; c++) {
      const tie = wider(2 * c + 1);
      if (f32(tie) !== tie) continue;
      const even = c % 2 === 0 ? c : c + 1;
      if (format.encodeOne(tie) !== even)
        bad.push(`tie ${tie}: ${format.encodeOne(tie)} ≠ ${even}`);
      if (format.encodeOne(-tie) !== size - even) bad.push(`tie ${-tie}`);
      const below = f32(tie - Math.abs(tie) * 2 ** -23);
      const above = f32(tie + Math.abs(tie) * 2 ** -23);
      if (format.encodeOne(below) !== c) bad.push(`below ${below}`);
      if (format.encodeOne(above) !== c + 1) bad.push(`above ${above}`);
      if (format.encodeOne(tie, 'toward-zero') !== c) bad.push(`rtz ${tie}`);
      if (format.encodeOne(tie, 'half-away') !== c + 1) bad.push(`rna ${tie}`);
    }
    expect(bad.slice(0, 8)).toEqual([]);
  });

  it('never rounds to zero or NaR', () => {
    expect(format.encodeOne(1e-38)).toBe(1);
    expect(format.encodeOne(-1e-38)).toBe(size - 1);
    expect(format.encodeOne(3e38)).toBe(size / 2 - 1);
    expect(format.encodeOne(Number.POSITIVE_INFINITY)).toBe(size / 2);
    expect(format.encodeOne(0)).toBe(0);
  });

  it('is monotonic and round-trips through packed bytes', () => {
    const rng = createRng(n * 10 + format.es);
    const xs = Float32Array.from(
      { length: 5000 },
      () => (rng.nextFloat() - 0.5) * 2 ** (rng.nextFloat() * 60 - 30),
    );
    xs.sort();
    const ys = format.decode(format.encode(xs), xs.length);
    for (let i = 1; i < ys.length; i++) expect(ys[i]! >= ys[i - 1]!).toBe(true);
    expect(
      format.decode(format.encode(format.values!()), size).map((v) => (Number.isNaN(v) ? 0 : v)),
    ).toEqual(format.values!().map((v) => (Number.isNaN(v) ? 0 : v)));
  });
});

it('definePosit names formats by n and es', () => {
  expect(definePosit(8, 1).name).toBe('posit8_es1');
});
