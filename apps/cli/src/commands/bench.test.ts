import { describe, expect, it } from 'vitest';
import { collectIo } from '../__fixtures__/collect-io.ts';
import { run } from '../index.ts';

describe('lowbit bench', () => {
  it('times every kernel on both backends and reports rates and ratios (no timing asserted)', async () => {
    const io = collectIo();
    expect(await run(['bench', '--quick', '--time', '5', '--json'], io), io.err).toBe(0);
    const rows = JSON.parse(io.out) as {
      kernel: string;
      unit: string;
      wasm: number;
      cpu: number;
      ratio: number;
    }[];
    expect(rows.map((r) => r.kernel.split(' ')[0])).toEqual([
      'fwht',
      'fft',
      'decode',
      'decode',
      'decode',
      'decode',
      'linear',
      'linear',
      'matmul',
      'rmsnorm',
    ]);
    for (const r of rows) {
      expect(r.wasm, r.kernel).toBeGreaterThan(0);
      expect(r.cpu, r.kernel).toBeGreaterThan(0);
      expect(r.ratio, r.kernel).toBeCloseTo(r.wasm / r.cpu, 6);
    }
  }, 60_000);

  it('prints a table by default (here with the wasm kernels on two threads)', async () => {
    const io = collectIo();
    expect(await run(['bench', '--quick', '--time', '5', '--threads', '2'], io), io.err).toBe(0);
    expect(io.out).toMatch(/linear q4_0 1×1024·1024×1024ᵀ\s+│ GFLOP\/s/);
    expect(io.out).toContain('wasm vs cpu');
  }, 60_000);
});
