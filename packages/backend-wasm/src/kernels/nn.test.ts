import { ropeAngles } from '@lowbit/backend-cpu';
import { rmsnorm, rope, softmax, swiglu } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { engines, randomFloats, relativeError } from '../cross-check.ts';
import type { WasmBackend } from '../wasm-backend.ts';

describe('wasm rmsnorm, softmax, rope and swiglu against the cpu kernels', () => {
  it('rmsnorm with SIMD body and scalar tail', async () => {
    const { wasm, cpu } = await engines();
    for (const n of [1, 7, 64, 288]) {
      const x = randomFloats(3 * n, n, 4);
      const w = randomFloats(n, n + 1);
      const got = rmsnorm(wasm.tensor(x, [3, n]), wasm.tensor(w, [n]), { eps: 1e-6 });
      const want = rmsnorm(cpu.tensor(x, [3, n]), cpu.tensor(w, [n]), { eps: 1e-6 });
      expect(got.location).toBe('wasm');
      expect(relativeError(got.readSync(), want.readSync()), `n=${n}`).toBeLessThan(1e-6);
    }
  });

  it('softmax, including large logits and -Infinity (masked) entries', async () => {
    const { wasm, cpu } = await engines();
    const x = randomFloats(4 * 100, 2, 30);
    x[5] = Number.NEGATIVE_INFINITY;
    x[150] = 500;
    const got = softmax(wasm.tensor(x, [4, 100])).readSync();
    const want = softmax(cpu.tensor(x, [4, 100])).readSync();
    expect(relativeError(got, want)).toBeLessThan(1e-6);
    expect(got[5]).toBe(0);
  });

  it('rope in both pairings at an offset', async () => {
    const { wasm, cpu } = await engines();
    const x = randomFloats(5 * 64, 3);
    for (const style of ['interleaved', 'neox'] as const) {
      const attrs = { headDim: 16, offset: 37, style };
      const got = rope(wasm.tensor(x, [5, 64]), attrs);
      const want = rope(cpu.tensor(x, [5, 64]), attrs);
      expect(relativeError(got.readSync(), want.readSync()), style).toBeLessThan(1e-6);
    }
  });

  it('rope reads its angles from a table kept in linear memory, as if computed per call', async () => {
    const { wasm } = await engines();
    const backend = (await wasm.backends.get('wasm')) as WasmBackend;
    const { kernels } = backend;
    const x = randomFloats(64, 6);
    /** The kernel run on angles computed for this call alone (how rope ran before the table). */
    const perCall = (offset: number) =>
      kernels.call((frame) => {
        const at = frame.put(x);
        const angles = frame.put(ropeAngles(1, { headDim: 16, offset }));
        kernels.exports.rope(at, 1, 4, 16, angles, 0);
        return Array.from(frame.floats(at, 64));
      });
    const copiedIn = () => backend.traffic().toWasm;
    const input = wasm.tensor(x, [1, 64]);
    rope(input, { headDim: 16, offset: 0 }).dispose();
    // Decode steps: one row at each next position; only the output is new, nothing copied in.
    const before = copiedIn();
    for (let offset = 1; offset < 100; offset++) {
      const got = rope(input, { headDim: 16, offset });
      expect(Array.from(got.readSync()), `offset ${offset}`).toEqual(perCall(offset));
      got.dispose();
    }
    // Past the first table (64 positions) it was rebuilt once, at 128; perCall copied 99 × 2.
    expect(copiedIn() - before).toBe(128 * 16 * 4 + 99 * (64 + 16) * 4);
  });

  it('swiglu and silu', async () => {
    const { wasm, cpu } = await engines();
    const g = randomFloats(1000, 4, 8);
    const u = randomFloats(1000, 5);
    for (const up of [u, undefined]) {
      const got = swiglu(wasm.tensor(g), up && wasm.tensor(up));
      const want = swiglu(cpu.tensor(g), up && cpu.tensor(up));
      expect(relativeError(got.readSync(), want.readSync())).toBeLessThan(1e-6);
    }
  });
});
