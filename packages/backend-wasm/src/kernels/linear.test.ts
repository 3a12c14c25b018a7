import { linear, type Tensor } from '@lowbit/core';
import { quantize } from '@lowbit/quant';
import { describe, expect, it } from 'vitest';
import { engines, randomFloats, relativeError } from '../cross-check.ts';

// Activations are quantized to int8 per 32 values (ggml's scheme): the expected error against
// the float result of the same packed weights is ~ 2^-8 of the row norm; 1e-2 bounds it.
const TOLERANCE = 1e-2;

async function check(format: string, m: number, n: number, k: number, fused: boolean) {
  const { wasm, cpu } = await engines();
  const x = randomFloats(m * k, m + n + k);
  const w = randomFloats(n * k, m * n * k);
  expect(wasm.plan('linear', ['f32', format], 'wasm')).toMatchObject({
    backend: 'wasm',
    decode: fused ? [] : [expect.anything()],
  });
  const got = linear(wasm.tensor(x, [m, k]), wasm.tensor(w, [n, k], { format }));
  const want = linear(cpu.tensor(x, [m, k]), cpu.tensor(w, [n, k], { format }));
  expect(got.location).toBe('wasm');
  return relativeError(got.readSync(), want.readSync());
}

describe('wasm linear (y = x·Wᵀ) against the cpu decode-then-matmul', () => {
  const shapes = [
    [1, 64, 256],
    [3, 17, 512],
    [8, 96, 1024],
  ] as const;
  it.each([
    'q8_0',
    'q4_0',
    'mxfp4',
    'q2_K',
    'q3_K',
    'q4_K',
    'q5_K',
    'q6_K',
    'nvfp4',
    'nvfp4_scaled',
    'tq2_0',
    'int3',
    'int8',
    'uint6',
    'fp4_e2m1fn',
    'fp6_e3m2fn',
    'iq4_nl_table',
    'mxfp6_e2m3',
    'mxint8',
    'fp8_e4m3',
    'mxfp8_e4m3',
    'posit16_es1',
    'nf4',
  ])('%s, fused, within 1e-2 relative', async (format) => {
    for (const [m, n, k] of shapes)
      expect(await check(format, m, n, k, true), `${format} ${m}×${n}×${k}`).toBeLessThan(
        TOLERANCE,
      );
  });

  it.each(['q8_0', 'q3_K', 'q5_K', 'q6_K'])(
    'the error is the activation rounding, not a layout slip: %s stays near 2^-8',
    async (format) => {
      const error = await check(format, 4, 64, 1024, true);
      expect(error).toBeGreaterThan(1e-4);
      expect(error).toBeLessThan(6e-3);
    },
  );

  it('f32 weights run the tiled matmul (within 1e-5)', async () => {
    expect(await check('f32', 5, 33, 300, true)).toBeLessThan(1e-5);
  });

  it('rows that are not whole blocks decode first and run the f32 matmul', async () => {
    const { wasm, cpu } = await engines();
    const x = randomFloats(2 * 48, 1);
    const w = randomFloats(4 * 48, 2);
    const got = linear(wasm.tensor(x, [2, 48]), wasm.tensor(w, [4, 48], { format: 'q8_0' }));
    const want = linear(cpu.tensor(x, [2, 48]), cpu.tensor(w, [4, 48], { format: 'q8_0' }));
    expect(relativeError(got.readSync(), want.readSync())).toBeLessThan(1e-6);
  });

  it.each([
    ['int8', 'channel', 0],
    ['int8', 'group', 64],
    ['int4', 'group', 32],
    ['int4', 'group', 128],
    ['int4', 'group', 24],
  ] as const)('%s per %s (%i) with a scales input', async (format, granularity, groupSize) => {
    const { wasm, cpu } = await engines();
    const [m, n, k] = [3, 40, 384];
    const x = randomFloats(m * k, 11);
    const q = quantize(randomFloats(n * k, 12), [n, k], format, { granularity, groupSize });
    const groups = granularity === 'channel' ? 1 : k / groupSize;
    const run = (engine: typeof wasm): Tensor =>
      linear(
        engine.tensor(x, [m, k]),
        engine.fromBytes(q.data, [n, k], format),
        engine.tensor(q.scales, [n, groups]),
      );
    expect(wasm.plan('linear', ['f32', format, 'f32'], 'wasm')).toMatchObject({
      backend: 'wasm',
      decode: [],
    });
    const got = run(wasm).readSync();
    const want = run(cpu).readSync();
    expect(relativeError(got, want), `${format}/${groupSize}`).toBeLessThan(
      groupSize === 24 ? 1e-6 : TOLERANCE,
    );
  });

  it('scales of the wrong shape are a typed error', async () => {
    const { wasm } = await engines();
    expect(() =>
      linear(
        wasm.tensor(new Float32Array(64), [1, 64]),
        wasm.tensor(new Float32Array(128), [2, 64], { format: 'int8' }),
        wasm.tensor(new Float32Array(3), [1, 3]),
      ),
    ).toThrow(expect.objectContaining({ code: 'E_SHAPE' }));
  });
});
