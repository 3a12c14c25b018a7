import { readFileSync } from 'node:fs';
import { add, createRng, fwht } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
// @ts-expect-error — a plain .mjs build script without type declarations
import { compile, render, target } from '../scripts/build-wasm.mjs';
import { engines } from './cross-check.ts';

describe('wasm backend', () => {
  it('the embedded modules (own and shared memory) are exactly what the AssemblyScript source compiles to', async () => {
    const expected = (render as (b: object) => string)(await (compile as () => Promise<object>)());
    expect(readFileSync(target as URL, 'utf8')).toBe(expected);
  }, 60_000);

  it('fwht matches the cpu kernel: bit for bit unscaled, within 1 ulp scaled, for n = 1 … 2^16', async () => {
    const { wasm, cpu } = await engines();
    const rng = createRng(1);
    for (let k = 0; k <= 16; k++) {
      const n = 2 ** k;
      const rows = Math.max(1, 4096 / n);
      const values = Float32Array.from({ length: rows * n }, () => rng.nextFloat() * 2 - 1);
      for (const attrs of [{}, { normalize: true }, { inverse: true }]) {
        const a = await fwht(wasm.tensor(values, [rows, n]), attrs);
        const b = await fwht(cpu.tensor(values, [rows, n]), attrs);
        expect(a.location).toBe('wasm');
        const x = a.readSync();
        const y = b.readSync();
        let worst = 0;
        for (let i = 0; i < x.length; i++)
          worst = Math.max(worst, Math.abs(x[i]! - y[i]!) / Math.max(Math.abs(y[i]!), 1e-30));
        if (Object.keys(attrs).length === 0) expect(x).toEqual(y);
        else expect(worst, `n=${n} ${JSON.stringify(attrs)}`).toBeLessThanOrEqual(2 ** -23);
      }
    }
  });

  it('handles 12/20/28/40·2^k rows through the reference path, and falls back to cpu for other ops', async () => {
    const { wasm, cpu } = await engines();
    const values = Float32Array.from({ length: 2 * 40 }, (_, i) => Math.sin(i));
    const a = (await fwht(wasm.tensor(values, [2, 40]), { normalize: true })).readSync();
    const b = (await fwht(cpu.tensor(values, [2, 40]), { normalize: true })).readSync();
    expect(a).toEqual(b);
    expect(wasm.plan('add', ['f32', 'f32'], 'wasm')).toMatchObject({
      backend: 'cpu',
      viaCpu: true,
    });
    const sum = await add(wasm.tensor(values, [2, 40]), wasm.tensor(values, [2, 40]));
    expect(sum.location).toBe('wasm');
    expect(sum.readSync()).toEqual(values.map((v) => 2 * v));
  });
});
