import { type Engine, int8Linear, linear, rmsnorm, swiglu, type Tensor } from '@lowbit/core';
import { quantize, quantizeInt8Outliers } from '@lowbit/quant';
import { describe, expect, it } from 'vitest';
import { expectSameBits, randomFloats, wasmEngine } from './cross-check.ts';
import type { WasmBackend } from './wasm-backend.ts';

const backendOf = (t: Tensor) => t.backend as WasmBackend;

describe('wasm tensors live in linear memory', () => {
  it('upload copies in once, read() copies out once; dispose frees the block', async () => {
    const engine = await wasmEngine(1);
    const values = randomFloats(1000, 1);
    const backend = engine.backends.getSync('wasm') as WasmBackend;
    const before = backend.traffic();
    const live = backend.memory().live;
    const t = engine.tensor(values, [1000]);
    expect(backend.traffic().toWasm - before.toWasm).toBe(4000);
    expect(backend.memory().live).toBe(live + 1);
    expectSameBits(await t.read(), values);
    expect(backend.traffic().toHost - before.toHost).toBe(4000);
    const copy = t.readBytesSync();
    copy.fill(0); // a copy, not the storage
    expectSameBits(await t.read(), values);
    t.dispose();
    expect(backend.memory().live).toBe(live);
    expect(() => t.readSync()).toThrow(expect.objectContaining({ code: 'E_TENSOR_DISPOSED' }));
  });

  it('rmsnorm → linear q4_0 → swiglu copies no byte across the JS↔wasm boundary; read() one', async () => {
    const engine = await wasmEngine(1);
    const [n, k] = [256, 512];
    const x = engine.tensor(randomFloats(k, 2), [1, k]);
    const norm = engine.tensor(randomFloats(k, 3), [k]);
    const gate = engine.tensor(randomFloats(n * k, 4), [n, k], { format: 'q4_0' });
    const up = engine.tensor(randomFloats(n * k, 5), [n, k], { format: 'q4_0' });
    const backend = backendOf(x);
    const start = backend.traffic();
    let out: Tensor | undefined;
    for (let i = 0; i < 100; i++) {
      out?.dispose();
      const h = rmsnorm(x, norm);
      out = swiglu(linear(h, gate), linear(h, up));
    }
    expect(backend.traffic()).toEqual(start);
    await out!.read();
    const end = backend.traffic();
    expect({ toWasm: end.toWasm - start.toWasm, toHost: end.toHost - start.toHost }).toEqual({
      toWasm: 0,
      toHost: n * 4,
    });
    expect(out!.location).toBe('wasm');
  });

  it('memory() counts live blocks; intermediate results freed by dispose() are reused', async () => {
    const engine = await wasmEngine(1);
    const backend = engine.backends.getSync('wasm') as WasmBackend;
    const x = engine.tensor(randomFloats(4096, 6), [4, 1024]);
    const w = engine.tensor(randomFloats(1024, 7), [1024]);
    rmsnorm(x, w).dispose(); // constant tables, if any, settle here
    const settled = backend.memory();
    for (let i = 0; i < 50; i++) rmsnorm(x, w).dispose();
    const after = backend.memory();
    expect(after.live).toBe(settled.live);
    expect(after.heapBytes).toBe(settled.heapBytes);
    expect(after.peakBytes).toBe(settled.peakBytes);
  });

  it('tidy() frees the intermediates of a loop body: linear memory stays flat without dispose()', async () => {
    const engine = await wasmEngine(1);
    const backend = engine.backends.getSync('wasm') as WasmBackend;
    const x = engine.tensor(randomFloats(4096, 6), [4, 1024]);
    const w = engine.tensor(randomFloats(1024, 7), [1024]);
    engine.tidy(() => swiglu(rmsnorm(x, w)).readSync());
    const settled = backend.memory();
    for (let i = 0; i < 50; i++) engine.tidy(() => swiglu(rmsnorm(x, w)).readSync());
    expect(backend.memory().live).toBe(settled.live);
    expect(backend.memory().heapBytes).toBe(settled.heapBytes);
  });

  it('with 2 threads, tensors live in the shared memory the workers see; results as on 1 thread', async () => {
    const [one, two] = [await wasmEngine(1), await wasmEngine(2)];
    const wasm2 = two.backends.getSync('wasm') as WasmBackend;
    expect(wasm2.kernels.threads).toBe(2);
    expect(wasm2.kernels.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    const [n, k] = [1024, 1024]; // 1 Mi multiply-adds: split over the threads
    const run = async (engine: typeof one) => {
      const x = engine.tensor(randomFloats(k, 8), [1, k]);
      const w = engine.tensor(randomFloats(n * k, 9), [n, k], { format: 'q8_0' });
      return linear(x, w).read();
    };
    expectSameBits(await run(two), await run(one));
  });
});

describe('weights are read where they live: no byte of W crosses the boundary per call', () => {
  const [n, k] = [512, 2048];
  const x = randomFloats(k, 21);
  const w = randomFloats(n * k, 22);
  type Call = (engine: Engine) => () => Tensor;
  const plain =
    (format: string): Call =>
    (engine) => {
      const [tx, tw] = [engine.tensor(x, [1, k]), engine.tensor(w, [n, k], { format })];
      return () => linear(tx, tw);
    };
  const scaled =
    (format: 'int8' | 'int4', groupSize: number): Call =>
    (engine) => {
      const q = quantize(w, [n, k], format, { granularity: 'group', groupSize });
      const inputs = [
        engine.tensor(x, [1, k]),
        engine.fromBytes(q.data, [n, k], format),
        engine.tensor(q.scales, [n, k / groupSize]),
      ] as const;
      return () => linear(...inputs);
    };
  const llmInt8: Call = (engine) => {
    const q = quantizeInt8Outliers(w, [n, k], { columns: [5, 700] });
    const inputs = [
      engine.tensor(x, [1, k]),
      engine.fromBytes(q.weight, [n, k], 'int8'),
      engine.tensor(q.scales, [n, 1]),
      engine.tensor(q.outliers, [n, 2]),
    ] as const;
    return () => int8Linear(...inputs, { columns: [5, 700] });
  };
  const cases: [string, Call, number][] = [
    ...[
      'q8_0',
      'q4_0',
      'q4_K',
      'mxfp4',
      'nvfp4',
      'nvfp4_scaled',
      'tq2_0',
      'f32',
      'q6_K',
      'f16',
    ].map((f) => [`linear ${f}`, plain(f), 0] as [string, Call, number]),
    // No SIMD decoder: the format's codec decodes a view of W, its f32 result is copied in.
    ['linear q5_K (codec decode on wasm)', plain('q5_K'), n * k * 4],
    ['linear int8 + scales', scaled('int8', 64), 0],
    ['linear int4 + scales', scaled('int4', 32), 0],
    // Outlier columns are added on the host: x, the row scales and y go out and back in, the
    // kept columns [n, 2] out; W's codes are read in place.
    ['int8Linear (LLM.int8)', llmInt8, (2 * k + 2 * n + 2 * n + 2 * n) * 4],
  ];

  it.each(cases)(
    '%s: 100 calls cross at most the stated bytes each, and memory does not grow',
    async (_, make, allowed) => {
      const engine = await wasmEngine(1);
      const backend = engine.backends.getSync('wasm') as WasmBackend;
      const call = make(engine);
      const first = await call();
      const want = await first.read();
      first.dispose();
      const [traffic, memory] = [backend.traffic(), backend.memory()];
      for (let i = 0; i < 100; i++) (await call()).dispose();
      const after = backend.traffic();
      expect(after.toWasm + after.toHost - traffic.toWasm - traffic.toHost).toBeLessThanOrEqual(
        100 * allowed,
      );
      expect(backend.memory().heapBytes).toBe(memory.heapBytes);
      expect(backend.memory().live).toBe(memory.live);
      expectSameBits(await (await call()).read(), want);
      engine.unregisterBackend('wasm');
    },
  );
});
