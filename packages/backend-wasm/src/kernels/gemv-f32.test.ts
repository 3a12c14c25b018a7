import { linear, matmul } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import {
  engines,
  expectSameBits,
  randomFloats,
  relativeError,
  wasmEngine,
} from '../cross-check.ts';
import type { WasmBackend } from '../wasm-backend.ts';
import { GEMV_MAX_ROWS } from './gemv-f32.ts';

// Each output is one f32 sum of up to 4096 products, in another order than cpu's (sequential for
// W by columns, four lanes for W by rows): the rounding grows as √k·2^-24, 1e-5 bounds it at 4096.
const TOLERANCE = 1e-5;

// Odd k (vector tails), n not a multiple of 4 (row tails) and above the 1024-column chunk.
const shapes = [
  [1, 1, 1],
  [1, 7, 5],
  [2, 13, 4096],
  [3, 1031, 33],
  [4, 70, 257],
  [GEMV_MAX_ROWS + 1, 9, 19],
] as const;

describe('wasm f32 GEMV (a few rows of x) against the cpu kernel', () => {
  it.each(shapes)('linear m=%i, n=%i, k=%i', async (m, n, k) => {
    const { wasm, cpu } = await engines();
    const x = randomFloats(m * k, m + k);
    const w = randomFloats(n * k, n + k);
    const got = linear(wasm.tensor(x, [m, k]), wasm.tensor(w, [n, k]));
    const want = linear(cpu.tensor(x, [m, k]), cpu.tensor(w, [n, k]));
    expect(got.location).toBe('wasm');
    expect(relativeError(got.readSync(), want.readSync())).toBeLessThan(TOLERANCE);
  });

  it.each(shapes)('matmul m=%i, n=%i, k=%i, every transpose', async (m, n, k) => {
    const { wasm, cpu } = await engines();
    const a = randomFloats(m * k, 3 * m + k);
    const b = randomFloats(k * n, 5 * n + k);
    for (const transposeA of [false, true])
      for (const transposeB of [false, true]) {
        const shapeA = transposeA ? [k, m] : [m, k];
        const shapeB = transposeB ? [n, k] : [k, n];
        const attrs = { transposeA, transposeB };
        const got = matmul(wasm.tensor(a, shapeA), wasm.tensor(b, shapeB), attrs);
        const want = matmul(cpu.tensor(a, shapeA), cpu.tensor(b, shapeB), attrs);
        expect(got.shape).toEqual([m, n]);
        expect(relativeError(got.readSync(), want.readSync()), JSON.stringify(attrs)).toBeLessThan(
          TOLERANCE,
        );
      }
  });

  it('an empty inner dimension gives zeros, no rows gives no output', async () => {
    const { wasm } = await engines();
    const zeros = linear(
      wasm.tensor(new Float32Array(0), [2, 0]),
      wasm.tensor(new Float32Array(0), [3, 0]),
    );
    expect([...zeros.readSync()]).toEqual([0, 0, 0, 0, 0, 0]);
    const none = linear(
      wasm.tensor(new Float32Array(0), [0, 8]),
      wasm.tensor(new Float32Array(24), [3, 8]),
    );
    expect(none.shape).toEqual([0, 3]);
  });

  it('1 and 2 threads give the same bits, for W by rows and by columns', async () => {
    const [m, n, k] = [3, 1030, 401];
    const x = randomFloats(m * k, 31);
    const w = randomFloats(n * k, 32);
    const run = async (threads: number) => {
      const engine = await wasmEngine(threads);
      const { kernels } = engine.backends.getSync('wasm') as WasmBackend;
      const byRows = linear(engine.tensor(x, [m, k]), engine.tensor(w, [n, k])).readSync();
      const byColumns = matmul(engine.tensor(x, [m, k]), engine.tensor(w, [k, n])).readSync();
      const obtained = kernels.threads;
      engine.unregisterBackend('wasm');
      return { byRows: byRows.slice(), byColumns: byColumns.slice(), obtained };
    };
    const [one, two] = [await run(1), await run(2)];
    expect(two.obtained).toBe(2);
    expectSameBits(two.byRows, one.byRows, 'rows');
    expectSameBits(two.byColumns, one.byColumns, 'columns');
  });
});
