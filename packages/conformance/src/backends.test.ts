// The suite in CI for the built-in backends: cpu against itself (every case generator must
// produce results the oracle reproduces), wasm with one thread and with two. backend-cpu and
// backend-wasm cannot depend on this package (it depends on them), so their runs live here.
import { cpuBackend } from '@lowbit/backend-cpu';
import { type WasmBackend, wasmBackend } from '@lowbit/backend-wasm';
import { Engine } from '@lowbit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { describeConformance } from './vitest.ts';

const engines: Engine[] = [];
afterAll(async () => {
  for (const engine of engines) (await engine.backends.get('wasm')).dispose?.();
});

function wasmEngine(threads: number): Engine {
  const engine = new Engine({ logger: { warn: () => {} } })
    .use(cpuBackend())
    .use(wasmBackend({ threads }));
  engines.push(engine);
  return engine;
}

describeConformance('cpu', () => ({ backend: 'cpu' }), { describe, it });
describeConformance('wasm, 1 thread', () => ({ backend: 'wasm', engine: wasmEngine(1) }), {
  describe,
  it,
});
const twoThreads = wasmEngine(2);
it('the 2-thread wasm engine really has 2 threads', async () => {
  const backend = (await twoThreads.backends.get('wasm')) as WasmBackend;
  expect(backend.kernels.threads).toBe(2);
});
describeConformance('wasm, 2 threads', () => ({ backend: 'wasm', engine: twoThreads }), {
  describe,
  it,
});
