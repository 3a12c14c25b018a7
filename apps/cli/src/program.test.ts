import { listFormats } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { collectIo } from './__fixtures__/collect-io.ts';
import { run } from './index.ts';

describe('lowbit CLI', () => {
  it('prints its version', async () => {
    const io = collectIo();
    expect(await run(['--version'], io)).toBe(0);
    expect(io.out.trim()).toBe(packageJson.version);
  });

  it('lists the registered formats as a table', async () => {
    const io = collectIo();
    expect(await run(['formats'], io)).toBe(0);
    expect(io.out).toMatch(/│ f16\s+│ ieee-float\s+│ 16\s+│ 16\s+│ —\s+│ 65504/);
    expect(io.out).toMatch(/│ f32\s+│ ieee-float\s+│ 32/);
    expect(io.out).toContain(`${listFormats().length} formats`);
    expect(listFormats().length).toBeGreaterThan(50);
    expect(io.out).toMatch(/│ mxfp4\s+│ block/);
  });

  it('lists the registered formats as JSON', async () => {
    const io = collectIo();
    expect(await run(['formats', '--json'], io)).toBe(0);
    const rows = JSON.parse(io.out) as { name: string; max: number; minSubnormal: number }[];
    expect(rows.find((r) => r.name === 'f16')).toMatchObject({
      max: 65504,
      minSubnormal: 2 ** -24,
    });
  });

  it('reports usage errors with a code and exit status 2', async () => {
    const io = collectIo();
    expect(await run(['frobnicate'], io)).toBe(2);
    expect(io.err).toMatch(/^E_USAGE: unknown command 'frobnicate'/);
    const flags = collectIo();
    expect(await run(['formats', '--yaml'], flags)).toBe(2);
    expect(flags.err).toMatch(/E_USAGE: unknown option '--yaml'/);
  });
});
