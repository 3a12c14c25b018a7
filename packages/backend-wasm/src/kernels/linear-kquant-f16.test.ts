import { type Engine, linear } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import {
  engines,
  expectSameBits,
  randomFloats,
  relativeError,
  wasmEngine,
} from '../cross-check.ts';
import type { WasmBackend } from '../wasm-backend.ts';

// f16 weights meet f32 activations unquantized: only the f32 summation order differs from cpu
// (√k·2^-24, as the f32 GEMV); the K-quants' int8-per-32 activations cost ~2^-8 (linear.test.ts).
const F16_TOLERANCE = 1e-5;

/** binary16 bits → value, for the expected results of hand-made weights. */
function half(bits: number): number {
  const exponent = (bits >> 10) & 31;
  const mantissa = bits & 1023;
  const sign = bits & 0x8000 ? -1 : 1;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** y = x·Wᵀ for x [m, k] and W [n, k] stored in `format`, read back from `engine`. */
async function run(engine: Engine, x: Float32Array, w: Float32Array, format: string, n: number) {
  const k = w.length / n;
  const y = linear(engine.tensor(x, [x.length / k, k]), engine.tensor(w, [n, k], { format }));
  return y.readSync().slice();
}

describe('wasm fused linear for q5_K, q6_K and f16', () => {
  it.each(['q5_K', 'q6_K', 'f16'])(
    '%s plans the fused kernel, no decode, no cpu',
    async (format) => {
      const { wasm } = await engines();
      expect(wasm.plan('linear', ['f32', format], 'wasm')).toMatchObject({
        backend: 'wasm',
        decode: [],
        viaCpu: false,
      });
    },
  );

  it.each([
    [1, 1, 1],
    [1, 7, 13],
    [3, 13, 256],
    [2, 9, 1031],
    [5, 64, 2048],
  ])('f16 m=%i, n=%i, k=%i (row and lane tails) against cpu within 1e-5', async (m, n, k) => {
    const { wasm, cpu } = await engines();
    const x = randomFloats(m * k, m + n + k);
    const w = randomFloats(n * k, n * k);
    const [got, want] = [await run(wasm, x, w, 'f16', n), await run(cpu, x, w, 'f16', n)];
    expect(relativeError(got, want)).toBeLessThan(F16_TOLERANCE);
  });

  it('f16 subnormals, zeros, the largest half, Inf and NaN convert exactly', async () => {
    const { wasm } = await engines();
    const k = 27;
    // Row r holds one special half at position 3r, zeros elsewhere; 24… is the scalar tail.
    const specials = [0x0001, 0x83ff, 0x8000, 0x7bff, 0x0400, 0x7c00, 0xfc00, 0x7e01, 0x3c00];
    const n = specials.length;
    const bits = new Uint16Array(n * k);
    specials.forEach((h, r) => {
      bits[r * k + ((3 * r) % k)] = h;
    });
    bits[8 * k + 26] = 0x7c00; // an Inf in the scalar tail
    const x = Float32Array.from({ length: k }, (_, p) => 1 + p / 8);
    const got = linear(
      wasm.tensor(x, [1, k]),
      wasm.fromBytes(new Uint8Array(bits.buffer), [n, k], 'f16'),
    ).readSync();
    specials.forEach((h, r) => {
      // The sum starts from +0, so a −0 product sums to +0.
      let want = 0 + Math.fround(half(h) * x[(3 * r) % k]!);
      if (r === 8) want = Number.POSITIVE_INFINITY;
      expect(got[r], `row ${r} (0x${h.toString(16)})`).toBe(want);
    });
  });

  it('a row mixing +Inf and −Inf is NaN, a lone Inf among normals stays Inf', async () => {
    const { wasm } = await engines();
    const [n, k] = [5, 64];
    const bits = new Uint16Array(n * k).fill(0x3c00);
    bits[0 * k + 5] = 0x7c00;
    bits[0 * k + 40] = 0xfc00;
    bits[2 * k + 17] = 0xfc00;
    const x = new Float32Array(k).fill(0.5);
    const got = linear(
      wasm.tensor(x, [1, k]),
      wasm.fromBytes(new Uint8Array(bits.buffer), [n, k], 'f16'),
    ).readSync();
    expect([...got]).toEqual([Number.NaN, 32, Number.NEGATIVE_INFINITY, 32, 32]);
  });

  it.each(['q5_K', 'q6_K', 'f16'])('%s: 1 and 2 threads give the same bits', async (format) => {
    const [m, n, k] = [2, 515, 1024];
    const x = randomFloats(m * k, 41);
    const w = randomFloats(n * k, 42);
    const once = async (threads: number) => {
      const engine = await wasmEngine(threads);
      const { kernels } = engine.backends.getSync('wasm') as WasmBackend;
      const y = await run(engine, x, w, format, n);
      const obtained = kernels.threads;
      engine.unregisterBackend('wasm');
      return { y, obtained };
    };
    const [one, two] = [await once(1), await once(2)];
    expect(two.obtained).toBe(2);
    expectSameBits(two.y, one.y, format);
  });

  it.each(['q5_K', 'q6_K'])(
    '%s rows that are not whole super-blocks decode first and run the f32 matmul',
    async (format) => {
      const { wasm, cpu } = await engines();
      const [m, n, k] = [2, 4, 384];
      const x = randomFloats(m * k, 7);
      const w = randomFloats(n * k, 8);
      const [got, want] = [await run(wasm, x, w, format, n), await run(cpu, x, w, format, n)];
      expect(relativeError(got, want)).toBeLessThan(1e-6);
    },
  );
});
