import { readFileSync } from 'node:fs';
import { cpuBackend } from '@lowbit/backend-cpu';
import { createRng, decode, Engine, fwht, linear } from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import { describe, expect, it } from 'vitest';
// @ts-expect-error — a plain .mjs build script without type declarations
import { compile, render, target } from '../scripts/build-wasm.mjs';
import { wasmBackend } from './index.ts';

async function engines() {
  const wasm = new Engine({ logger: { warn: () => {} } });
  wasm.use(cpuBackend());
  wasm.use(wasmBackend());
  expect(await wasm.ready()).toBe('wasm');
  const cpu = new Engine();
  cpu.use(cpuBackend());
  return { wasm, cpu };
}

describe('wasm backend', () => {
  it('the embedded module is exactly what the AssemblyScript source compiles to', async () => {
    const expected = (render as (b: Uint8Array) => string)(
      await (compile as () => Promise<Uint8Array>)(),
    );
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

  it('q8_0 linear (fused dequantisation) matches the cpu decode-then-matmul within 1e-5 relative', async () => {
    registerAllFormats();
    const { wasm, cpu } = await engines();
    const rng = createRng(2);
    for (const [m, n, k] of [
      [1, 64, 64],
      [3, 17, 256],
      [8, 96, 1024],
    ] as const) {
      const x = Float32Array.from({ length: m * k }, () => rng.nextFloat() - 0.5);
      const w = Float32Array.from({ length: n * k }, () => rng.nextFloat() - 0.5);
      expect(wasm.plan('linear', ['f32', 'q8_0'], 'wasm')).toMatchObject({
        backend: 'wasm',
        decode: [],
      });
      const got = (
        await linear(wasm.tensor(x, [m, k]), wasm.tensor(w, [n, k], { format: 'q8_0' }))
      ).readSync();
      const want = (
        await linear(cpu.tensor(x, [m, k]), cpu.tensor(w, [n, k], { format: 'q8_0' }))
      ).readSync();
      let num = 0;
      let den = 0;
      for (let i = 0; i < want.length; i++) {
        num += (got[i]! - want[i]!) ** 2;
        den += want[i]! ** 2;
      }
      expect(Math.sqrt(num / den), `${m}×${n}×${k}`).toBeLessThan(1e-5);
    }
  });

  it('decodes every f16 and bf16 code bit for bit like the cpu codec', async () => {
    registerAllFormats();
    const { wasm, cpu } = await engines();
    const codes = new Uint8Array(65536 * 2);
    for (let c = 0; c < 65536; c++) {
      codes[2 * c] = c & 0xff;
      codes[2 * c + 1] = c >> 8;
    }
    for (const format of ['f16', 'bf16']) {
      expect(wasm.plan('decode', [format], 'wasm')).toMatchObject({ backend: 'wasm' });
      const a = (await decode(wasm.fromBytes(codes, [65536], format))).readSync();
      const b = (await decode(cpu.fromBytes(codes, [65536], format))).readSync();
      expect(new Uint32Array(a.buffer)).toEqual(new Uint32Array(b.buffer));
    }
  });

  it('refuses q8_0 weights whose rows are not whole blocks', async () => {
    registerAllFormats();
    const { wasm } = await engines();
    const w = wasm.tensor(new Float32Array(4 * 48), [4, 48], { format: 'q8_0' });
    await expect(linear(wasm.tensor(new Float32Array(48), [1, 48]), w)).rejects.toMatchObject({
      code: 'E_SHAPE',
    });
  });

  it('handles 12/20/28/40·2^k rows through the reference path, and falls back to cpu for other ops', async () => {
    const { wasm, cpu } = await engines();
    const values = Float32Array.from({ length: 2 * 40 }, (_, i) => Math.sin(i));
    const a = (await fwht(wasm.tensor(values, [2, 40]), { normalize: true })).readSync();
    const b = (await fwht(cpu.tensor(values, [2, 40]), { normalize: true })).readSync();
    expect(a).toEqual(b);
    expect(wasm.plan('matmul', ['f32', 'f32'], 'wasm')).toMatchObject({
      backend: 'cpu',
      viaCpu: true,
    });
  });
});
