// Per-op overhead: a 64-wide rmsnorm and add, where the arithmetic is a few dozen flops and the
// time is the op path (validation, dispatch, result tensor). Beside each figure, the same
// measurement recorded on the release before synchronous ops (see overhead-baseline.json).
import { readFileSync } from 'node:fs';
import { add, rmsnorm } from '@lowbit/core';
import { cell, measure, randomFloats, roundBests } from '../measure.mjs';
import { valueVerdict } from '../verdict.mjs';

export const title = 'Per-op overhead (64-wide rmsnorm and add) — µs per op';
export const targets = '≤ 2 µs per op on cpu and wasm.';

const WIDTH = 64;
const TARGET_US = 2;
const baseline = JSON.parse(
  readFileSync(new URL('./overhead-baseline.json', import.meta.url), 'utf8'),
);

/** The ops timed, each on its engine with inputs made once. */
export function overheadTasks({ wasm, cpu }) {
  const tasks = {};
  for (const [backend, engine] of [
    ['cpu', cpu],
    ['wasm', wasm],
  ]) {
    const x = engine.tensor(randomFloats(WIDTH, 1), [1, WIDTH]);
    const w = engine.tensor(randomFloats(WIDTH, 2), [WIDTH]);
    tasks[`rmsnorm ${backend}`] = () => rmsnorm(x, w);
    tasks[`add ${backend}`] = () => add(x, x);
  }
  return tasks;
}

export async function run(context) {
  const ms = await measure(overheadTasks(context), context);
  const us = (t) => t * 1e3;
  const rows = [];
  const verdicts = [];
  for (const name of Object.keys(ms)) {
    const before = baseline.us[name];
    rows.push([name, cell(ms, name, us, 2), before === undefined ? '—' : before.toFixed(2)]);
    verdicts.push(
      valueVerdict(name, roundBests(ms, name).map(us), TARGET_US, 'µs/op', { atMost: true }),
    );
  }
  return {
    headers: ['op', 'lowbit (µs/op)', `before, ${baseline.commit} (µs/op, best burst)`],
    rows,
    verdicts,
  };
}
