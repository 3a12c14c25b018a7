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
        const a = fwht(wasm.tensor(values, [rows, n]), attrs);
        const b = fwht(cpu.tensor(values, [rows, n]), attrs);
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

  it('12/20/28/40·2^k rows (H_m ⊗ H_2^k) match the cpu within 4 ulp of the row scale', async () => {
    const { wasm, cpu } = await engines();
    for (const m of [12, 20, 28, 40]) {
      for (const power of [1, 2, 4, 8, 64, 256]) {
        const n = m * power;
        const values = Float32Array.from({ length: 3 * n }, (_, i) => Math.sin(i * 0.7 + m));
        for (const attrs of [{}, { normalize: true }, { inverse: true }]) {
          const a = fwht(wasm.tensor(values, [3, n]), attrs);
          const b = fwht(cpu.tensor(values, [3, n]), attrs).readSync();
          expect(a.location).toBe('wasm');
          const x = a.readSync();
          // f32 sums of m terms against the reference's f64 sums: a few ulp of the largest value.
          const top = b.reduce((t, v) => Math.max(t, Math.abs(v)), 0);
          let worst = 0;
          for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - b[i]!) / top);
          expect(worst, `n=${n} ${JSON.stringify(attrs)}`).toBeLessThanOrEqual(4 * 2 ** -23);
        }
        const there = fwht(wasm.tensor(values, [3, n]));
        const back = fwht(there, { inverse: true }).readSync();
        let error = 0;
        for (let i = 0; i < back.length; i++)
          error = Math.max(error, Math.abs(back[i]! - values[i]!));
        expect(error, `round trip n=${n}`).toBeLessThan(1e-5);
      }
    }
  });

  it('falls back to cpu for ops without a wasm kernel (here: one only cpu has), and plan() says so', async () => {
    const { wasm } = await engines();
    const values = Float32Array.from({ length: 2 * 40 }, (_, i) => Math.sin(i));
    wasm.unregisterKernel('add', 'wasm');
    expect(wasm.plan('add', ['f32', 'f32'], 'wasm')).toMatchObject({
      backend: 'cpu',
      viaCpu: true,
    });
    const sum = add(wasm.tensor(values, [2, 40]), wasm.tensor(values, [2, 40]));
    expect(sum.location).toBe('wasm');
    expect(sum.readSync()).toEqual(values.map((v) => 2 * v));
  });
});
