import { type Engine, int8Linear, linear, type Tensor } from '@lowbit/core';
import { quantize, quantizeInt8Outliers } from '@lowbit/quant';
import { describe, expect, it } from 'vitest';
import { randomBytes, randomFloats, relativeError, wasmEngine } from './cross-check.ts';
import { MIN_RESIDENT_BYTES, ResidentArena } from './resident.ts';
import type { WasmBackend } from './wasm-backend.ts';

const MB = MIN_RESIDENT_BYTES;

function arena(budget = 64 * MB) {
  const memory = new WebAssembly.Memory({ initial: 1 });
  return { memory, arena: new ResidentArena(1024, memory, budget) };
}

describe('resident arena (weights kept in linear memory)', () => {
  it('copies a large tensor once and finds it again; small ones are copied per call', () => {
    const { memory, arena: a } = arena();
    const bytes = randomBytes(MB, 1);
    const at = a.place(bytes)!;
    expect(at).toBe(1024);
    expect(a.place(bytes)).toBe(at);
    expect(new Uint8Array(memory.buffer, at, MB)).toEqual(bytes);
    expect(a.place(new Uint8Array(MB - 1))).toBeUndefined();
    expect(a.end).toBeGreaterThanOrEqual(at + MB);
  });

  it('finds a block by the bytes it holds, whatever view of them a kernel builds', () => {
    const { arena: a } = arena();
    const storage = randomBytes(3 * MB, 8);
    const first = storage.subarray(0, MB);
    const at = a.place(first)!;
    expect(a.place(new Int8Array(storage.buffer, 0, MB))).toBe(at);
    expect(a.place(new Float32Array(storage.buffer, 0, MB / 4))).toBe(at);
    const second = a.place(storage.subarray(MB, 2 * MB))!;
    expect(second).not.toBe(at);
    expect(a.stats()).toEqual({ placed: 2, hits: 2, bytesCopied: 2 * MB });
    a.evict(new Uint8Array(storage.buffer, 0, MB));
    expect(a.place(storage.subarray(MB, 2 * MB))).toBe(second);
    expect(a.size).toBe(Math.ceil((MB + 16) / 16) * 16);
  });

  it('stays within its budget', () => {
    const { arena: a } = arena(3 * MB);
    expect(a.place(new Uint8Array(MB))).toBeDefined();
    expect(a.place(new Uint8Array(MB))).toBeDefined();
    expect(a.place(new Uint8Array(MB))).toBeUndefined();
    expect(a.size).toBeLessThanOrEqual(3 * MB);
  });

  it('reuses freed holes first-fit, coalesces them and shrinks back at the top', () => {
    const { memory, arena: a } = arena();
    const [x, y, z] = [randomBytes(MB, 2), randomBytes(MB, 3), randomBytes(MB, 4)];
    const [px, py, pz] = [a.place(x)!, a.place(y)!, a.place(z)!];
    const end = a.end;
    a.evict(y);
    const v = randomBytes(MB, 6);
    expect(a.place(v)).toBe(py);
    expect(new Uint8Array(memory.buffer, pz, MB)).toEqual(z);
    a.evict(v);
    a.evict(x);
    expect(a.end).toBe(end);
    a.evict(z);
    expect(a.end).toBe(1024);
    expect(a.size).toBe(0);
    expect(a.place(randomBytes(3 * MB, 7))).toBe(px);
  });
});

describe('resident weights in linear', () => {
  it('repeated calls, disposal and reuse of the freed space give the same results', async () => {
    const engine = await wasmEngine(1);
    const { kernels } = engine.backends.getSync('wasm') as WasmBackend;
    const [n, k] = [512, 1024];
    const x = engine.tensor(randomFloats(k, 1), [1, k]);
    const a = engine.tensor(randomFloats(n * k, 2), [n, k], { format: 'q8_0' });
    const b = engine.tensor(randomFloats(n * k, 3), [n, k], { format: 'q8_0' });
    const first = linear(x, a).readSync().slice();
    expect(kernels.resident.size).toBeGreaterThan(0);
    expect(linear(x, a).readSync()).toEqual(first);
    const before = kernels.resident.size;
    a.dispose();
    expect(kernels.resident.size).toBeLessThan(before);
    const c = engine.tensor(randomFloats(n * k, 2), [n, k], { format: 'q8_0' });
    const other = linear(x, b).readSync().slice();
    expect(linear(x, c).readSync()).toEqual(first);
    expect(linear(x, b).readSync()).toEqual(other);
    expect(relativeError(other, first)).toBeGreaterThan(0.5);
    engine.unregisterBackend('wasm');
  });
});

describe('every weight-reading kernel copies its weight once for 100 calls', () => {
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
  const kernels: [string, Call][] = [
    ...['q8_0', 'q4_0', 'q4_K', 'mxfp4', 'nvfp4', 'nvfp4_ggml', 'tq2_0', 'f32'].map(
      (f) => [`linear ${f}`, plain(f)] as [string, Call],
    ),
    ['linear int8 + scales', scaled('int8', 64)],
    ['linear int4 + scales', scaled('int4', 32)],
    ['int8Linear (LLM.int8)', llmInt8],
  ];

  it.each(kernels)(
    '%s: one copy, 99 hits, no memory growth after the first call',
    async (_, make) => {
      const engine = await wasmEngine(1);
      const { kernels: wasm } = engine.backends.getSync('wasm') as WasmBackend;
      const call = make(engine);
      const before = wasm.resident.stats();
      const first = call().readSync().slice();
      const memory = wasm.memory.buffer.byteLength;
      for (let i = 1; i < 100; i++) call();
      const after = wasm.resident.stats();
      expect({
        placed: after.placed - before.placed,
        hits: after.hits - before.hits,
        memoryGrowth: wasm.memory.buffer.byteLength - memory,
      }).toEqual({ placed: 1, hits: 99, memoryGrowth: 0 });
      expect(after.bytesCopied - before.bytesCopied).toBeGreaterThanOrEqual(MB);
      expect(call().readSync()).toEqual(first);
      engine.unregisterBackend('wasm');
    },
  );
});
