import { linear } from '@lowbit/core';
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
    const first = (await linear(x, a)).readSync().slice();
    expect(kernels.resident.size).toBeGreaterThan(0);
    expect((await linear(x, a)).readSync()).toEqual(first);
    const before = kernels.resident.size;
    a.dispose();
    expect(kernels.resident.size).toBeLessThan(before);
    const c = engine.tensor(randomFloats(n * k, 2), [n, k], { format: 'q8_0' });
    const other = (await linear(x, b)).readSync().slice();
    expect((await linear(x, c)).readSync()).toEqual(first);
    expect((await linear(x, b)).readSync()).toEqual(other);
    expect(relativeError(other, first)).toBeGreaterThan(0.5);
    engine.unregisterBackend('wasm');
  });
});
