// Shared bench plumbing: engines for our two backends, seeded inputs, tinybench runs.

import { availableParallelism } from 'node:os';
import { cpuBackend } from '@lowbit/backend-cpu';
import { wasmBackend } from '@lowbit/backend-wasm';
import { createRng, Engine } from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import { Bench } from 'tinybench';

async function wasmEngine(threads) {
  const engine = new Engine({ logger: { warn: () => {} } });
  engine.use(cpuBackend());
  engine.use(wasmBackend({ threads }));
  if ((await engine.ready()) !== 'wasm') throw new Error('the wasm backend did not initialise');
  return engine;
}

/** Engines: wasm on one thread, wasm on two (`wasm2`, null on a 1-core machine), cpu. */
export async function engines() {
  registerAllFormats();
  const wasm = await wasmEngine(1);
  const wasm2 = availableParallelism() > 1 ? await wasmEngine(2) : null;
  const cpu = new Engine();
  cpu.use(cpuBackend());
  await cpu.ready();
  return { wasm, wasm2, cpu };
}

export function randomFloats(count, seed, scale = 1) {
  const rng = createRng(seed);
  return Float32Array.from({ length: count }, () => (rng.nextFloat() * 2 - 1) * scale);
}

/** Mean milliseconds per call of each task, all in one tinybench run. */
export async function measure(tasks, { quick }) {
  const bench = new Bench({ time: quick ? 150 : 500, warmupTime: quick ? 30 : 100, iterations: 3 });
  for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn);
  await bench.run();
  return Object.fromEntries(bench.tasks.map((t) => [t.name, t.result.latency.mean]));
}

export const fixed = (x, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
export const ratio = (a, b) => `${(a / b).toFixed(b > 0 && a / b < 10 ? 2 : 1)}×`;
