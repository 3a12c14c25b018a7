/**
 * `overflow: 'special'` (the CLI's `--no-saturate`): pinned per format class, and core's
 * `OverflowMode` doc must state the same rule as this package's README.
 */
import { readFileSync } from 'node:fs';
import { getFormat } from '@lowbit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerAllFormats } from './register-all.ts';

const special = (name: string, ...x: number[]) => {
  const format = getFormat(name);
  return Array.from(
    format.decode(format.encode(Float32Array.from(x), { overflow: 'special' }), x.length),
  );
};

describe('overflow "special"', () => {
  beforeAll(() => registerAllFormats());

  it('wraps integers modulo 2^bits (ONNX Cast); ±Inf still saturates', () => {
    expect(special('int8', 448, -129, Number.NEGATIVE_INFINITY)).toEqual([-64, 127, -128]);
    expect(special('int4', 9, -9, Number.POSITIVE_INFINITY)).toEqual([-7, 7, 7]);
    expect(special('uint8', 300, -1, Number.POSITIVE_INFINITY)).toEqual([44, 255, 255]);
  });

  it('gives NaN in E4M3FN (NaN but no Inf) and ±max in FP6 (neither)', () => {
    expect(special('fp8_e4m3fn', 500, -500)).toEqual([Number.NaN, Number.NaN]);
    expect(special('fp6_e2m3fn', 100, -100, Number.NEGATIVE_INFINITY)).toEqual([7.5, -7.5, -7.5]);
  });

  it("core's OverflowMode doc and the README state the integer rule alike", () => {
    const core = readFileSync(new URL('../../core/src/format/format.ts', import.meta.url), 'utf8');
    const doc = core.slice(core.lastIndexOf('/**', core.indexOf('export type OverflowMode')));
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toMatch(/integers: wrap modulo 2\^bits/);
    expect(doc).toMatch(/integers wrap modulo 2\^bits/);
  });
});
