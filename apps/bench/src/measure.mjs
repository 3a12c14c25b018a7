// Shared bench plumbing: engines for our two backends, seeded inputs, burst timing in rounds.

import { availableParallelism, loadavg } from 'node:os';
import { cpuBackend } from '@lowbit/backend-cpu';
import { wasmBackend } from '@lowbit/backend-wasm';
import { createRng, Engine } from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import { formatRatio, roundRatios, summarize } from './stats.mjs';

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

const settings = (quick) =>
  quick
    ? { rounds: 3, bursts: 3, burstMs: 15, warmupMs: 20 }
    : { rounds: 5, bursts: 5, burstMs: 40, warmupMs: 60 };

/**
 * Milliseconds per call over one burst of `count` calls. A call is awaited only when it returns
 * a promise (a peer's async API), so synchronous ops are timed without promise overhead.
 */
async function burst(fn, count) {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const result = fn();
    release(result && typeof result.then === 'function' ? await result : result);
  }
  return (performance.now() - start) / count;
}

/**
 * Disposes the tensors a call returned (not a mutable one: writeRows returns its cache), as a
 * program would: wasm results live in linear memory, which garbage collection does not see.
 */
function release(result) {
  if (Array.isArray(result)) for (const r of result) release(r);
  else if (result && typeof result.dispose === 'function' && result.mutable === false)
    result.dispose();
}

/** Calls per burst so one burst lasts about `burstMs` (at least one call), after a warm-up. */
async function calibrate(fn, { burstMs, warmupMs }) {
  const start = performance.now();
  let calls = 0;
  do {
    const result = fn();
    release(result && typeof result.then === 'function' ? await result : result);
    calls++;
  } while (performance.now() - start < warmupMs || calls < 2);
  return Math.max(1, Math.round(burstMs / ((performance.now() - start) / calls)));
}

/**
 * Runs each task in bursts, `rounds` rounds, the tasks interleaved burst by burst within a
 * round (A B A B …) so load that comes and goes hits both sides alike. A task is a function
 * (run here) or `{ bursts(count, burstMs) }` measured elsewhere (a native peer in a child
 * process; it returns ms per call for each burst), run once per round after ours.
 * Returns the best ms per call of each task; the per-round burst times ride along as the
 * non-enumerable `rounds` ({ task: number[][] }), read by `cell` and `ratio`.
 */
export async function measure(tasks, { quick }) {
  const config = settings(quick);
  const entries = Object.entries(tasks);
  const local = entries.filter(([, task]) => typeof task === 'function');
  const remote = entries.filter(([, task]) => typeof task !== 'function');
  const counts = new Map();
  for (const [name, fn] of local) counts.set(name, await calibrate(fn, config));
  const rounds = Object.fromEntries(entries.map(([name]) => [name, []]));
  for (let r = 0; r < config.rounds; r++) {
    const times = Object.fromEntries(entries.map(([name]) => [name, []]));
    for (let b = 0; b < config.bursts; b++) {
      for (const [name, fn] of local) times[name].push(await burst(fn, counts.get(name)));
    }
    for (const [name, task] of remote)
      times[name] = await task.bursts(config.bursts, config.burstMs);
    for (const [name] of entries) rounds[name].push(times[name]);
  }
  const best = Object.fromEntries(
    entries.map(([name]) => [name, Math.min(...rounds[name].flat())]),
  );
  Object.defineProperty(best, 'rounds', { value: rounds, enumerable: false });
  return best;
}

/** The machine's 1/5/15-minute load averages, e.g. "1.92 2.10 2.31". */
export const loadAverage = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/**
 * A value cell: the best burst, then the median burst and its spread, both converted by
 * `unit` (ms per call → the table's unit), e.g. "13.52 (12.90 ±4%)".
 */
export function cell(ms, name, unit, digits = 3) {
  const times = ms.rounds?.[name]?.flat();
  if (!times || times.length === 0) return '—';
  const { best, median: mid, spread } = summarize(times);
  return `${fixed(unit(best), digits)} (${fixed(unit(mid), digits)} ±${Math.round(spread * 100)}%)`;
}

/**
 * The ratio cell "min / median / max×" of peer time over ours across rounds (> 1: ours is
 * faster), and its stats for target verdicts. Given two plain numbers (no rounds), one value.
 */
export function ratio(ms, peer, ours) {
  if (typeof ms === 'number') return `${(ms / peer).toFixed(ms / peer < 10 ? 2 : 1)}×`;
  return formatRatio(ratioStats(ms, peer, ours));
}

export function ratioStats(ms, peer, ours) {
  const [p, o] = [ms.rounds?.[peer], ms.rounds?.[ours]];
  if (!p?.length || !o?.length) return { min: Number.NaN, median: Number.NaN, max: Number.NaN };
  return roundRatios(p, o);
}

export const fixed = (x, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : '—');

/** The best ms per call of each round for one task (for absolute targets). */
export const roundBests = (ms, name) => (ms.rounds?.[name] ?? []).map((r) => Math.min(...r));
