import { type Engine, int8Linear, linear, matmul, type Tensor } from '@lowbit/core';
import { quantizeInt8Outliers } from '@lowbit/quant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSameBits, randomFloats, wasmEngine } from '../cross-check.ts';
import type { WasmBackend } from '../wasm-backend.ts';
import { canBlock } from './thread-pool.ts';

let one: Engine;
let two: Engine;
beforeAll(async () => {
  one = await wasmEngine(1);
  two = await wasmEngine(2);
});
afterAll(() => {
  one.unregisterBackend('wasm');
  two.unregisterBackend('wasm');
});

/** Each output is computed by the same code whichever thread runs it: results are identical. */
function same(run: (engine: Engine) => Tensor) {
  const a = run(one);
  const b = run(two);
  expect(b.location).toBe('wasm');
  expectSameBits(b.readSync(), a.readSync());
}

describe('wasm worker threads', () => {
  it('start in Node: the main thread may block, and two threads are obtained', () => {
    expect(canBlock()).toBe(true);
    expect((two.backends.getSync('wasm') as WasmBackend).kernels.threads).toBe(2);
    expect((one.backends.getSync('wasm') as WasmBackend).kernels.threads).toBe(1);
  });

  it.each(['q4_0', 'q8_0', 'q4_K', 'nvfp4_scaled', 'tq2_0', 'int3', 'fp6_e3m2fn', 'mxfp6_e2m3'])(
    '%s linear: same bits on 1 and 2 threads',
    async (format) => {
      const [m, n, k] = [3, 203, 2048];
      const x = randomFloats(m * k, 1);
      const w = randomFloats(n * k, 2);
      same((e) => linear(e.tensor(x, [m, k]), e.tensor(w, [n, k], { format })));
    },
  );

  // One row of x: the table GEMVs of gemv-table.ts (byte and u16 codes four rows at a time, nibbles by swizzles), and
  // gemvIntCodes; 515 rows (not a multiple of four) × 2048 is enough work to split.
  it.each(['fp8_e4m3', 'mxfp8_e4m3', 'posit16_es1', 'nf4', 'int6', 'mxfp6_e3m2'])(
    '%s linear, one row of x: same bits on 1 and 2 threads',
    async (format) => {
      const [n, k] = [515, 2048];
      const x = randomFloats(k, 3);
      const w = randomFloats(n * k, 4);
      same((e) => linear(e.tensor(x, [1, k]), e.tensor(w, [n, k], { format })));
    },
  );

  it('int4 per-group linear and LLM.int8: same bits on 1 and 2 threads', async () => {
    const [m, n, k] = [2, 300, 2048];
    const x = randomFloats(m * k, 3, 8);
    const q = quantizeInt8Outliers(randomFloats(n * k, 4), [n, k], { columns: [5, 77] });
    same((e) =>
      int8Linear(
        e.tensor(x, [m, k]),
        e.fromBytes(q.weight, [n, k], 'int8'),
        e.tensor(q.scales, [n, 1]),
        e.tensor(q.outliers, [n, 2]),
        { columns: q.columns },
      ),
    );
    const scales = randomFloats(n * (k / 32), 5);
    const codes = new Uint8Array((n * k) / 2).map((_, i) => (i * 37) & 0xff);
    same((e) =>
      linear(
        e.tensor(x, [m, k]),
        e.fromBytes(codes, [n, k], 'int4'),
        e.tensor(scales, [n, k / 32]),
      ),
    );
  });

  it('f32 matmul (transposed operands too): same bits on 1 and 2 threads', async () => {
    const [m, n, k] = [37, 301, 129];
    const a = randomFloats(m * k, 6);
    const b = randomFloats(k * n, 7);
    same((e) => matmul(e.tensor(a, [m, k]), e.tensor(b, [k, n])));
    same((e) =>
      matmul(e.tensor(a, [k, m]), e.tensor(b, [n, k]), { transposeA: true, transposeB: true }),
    );
  });

  it('small calls stay on the calling thread and still agree', async () => {
    same((e) =>
      linear(
        e.tensor(randomFloats(32, 8), [1, 32]),
        e.tensor(randomFloats(64, 9), [2, 32], { format: 'q8_0' }),
      ),
    );
  });
});
