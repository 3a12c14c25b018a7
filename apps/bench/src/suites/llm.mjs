// A whole LLM forward, ours beside llama2.c's run.c and llama.cpp (node-llama-cpp in this
// process, llama-bench natively): stories260K, and the issue's 15M shape with seeded random
// weights in f32 / q8_0 / q4_0 (src/llm/random-llama.mjs), on identical token ids. Then peak RSS
// in a child process, and where a decode step's time goes by op.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { profileOps } from '../llm/op-profile.mjs';
import { loadOurs, ourTasks, promptIds } from '../llm/ours.mjs';
import { llamaBench, nodeLlamaTasks, runcTasks } from '../llm/peers.mjs';
import { randomLlama, toGguf, toLlama2cBin } from '../llm/random-llama.mjs';
import { markdownTable } from '../markdown.mjs';
import { cell, measure, ratio, ratioStats } from '../measure.mjs';
import { inputFile, notBuilt } from '../peers/native.mjs';
import { ratioVerdict, valueVerdict } from '../verdict.mjs';

export const title =
  'Tiny LLMs, whole forward (stories260K; 15M shape in f32 / q8_0 / q4_0) — tokens per second';
export const targets =
  'decode: greedy generation of 32 positions from BOS (each step returns host logits and takes the argmax); prefill: one 128-token prompt (ours and llama.cpp as one batch, run.c token by token, as it has no batch). Same files, same token ids: ours and llama.cpp read one GGUF written by the bench (@lowbit/gguf’s writer, every matrix in the row’s format as `llama-quantize --pure`), run.c the same values as a llama2.c .bin (run.c and ours produce the same greedy tokens). run.c is `gcc -O3` on one thread and `-Ofast -fopenmp -march=native` with OMP_NUM_THREADS=2; node-llama-cpp is llama.cpp’s prebuilt CPU library called from this process; llama-bench is llama.cpp native (built by `pnpm --filter @lowbit/bench peers` with LOWBIT_LLAMA_BUILD_DIR or --llama-bench). Ratios are peer time over ours per round (> 1: ours faster). Targets (issue 15): stories260K decode ≥ 0.5× run.c; 15M f32 decode ≥ 0.5× run.c; 15M q8_0/q4_0 decode on 2 threads ≥ 0.5× llama.cpp (judged against node-llama-cpp on 2 threads: the same llama.cpp CPU library, measured in the interleaved rounds; llama-bench runs once after them, its cells are for reference); peak RSS ≤ 1.3× weights + KV cache.';

const [DECODE, PROMPT] = [32, 128];
const fixture = (path) => new URL(`../../../../fixtures/${path}`, import.meta.url).pathname;

/** The models of the rows: where their files are, and which peers read them. */
function models(cpu) {
  const random = randomLlama();
  const bin = inputFile('random-15m.bin', toLlama2cBin(random));
  const row = (format) => ({
    label: `15M ${format}`,
    gguf: inputFile(`random-15m-${format}.gguf`, toGguf(random, format, cpu)),
    bin: format === 'f32' ? bin : null,
    vocab: random.shape.vocab,
  });
  return [
    {
      label: 'stories260K f32',
      gguf: fixture('gguf/stories260K.gguf'),
      bin: fixture('llama2c/stories260K.bin'),
      vocab: 512,
      cpu: true,
    },
    row('f32'),
    row('q8_0'),
    row('q4_0'),
  ];
}

async function measureModel(m, engines, quick) {
  const work = { tokens: DECODE, prompt: promptIds(PROMPT, m.vocab) };
  const bytes = readFileSync(m.gguf);
  const ours = {};
  const loaded = [];
  for (const [name, engine] of Object.entries(engines)) {
    if (!engine || (name === 'cpu' && !m.cpu)) continue;
    const model = await loadOurs(engine, bytes, m.gguf);
    const t = ourTasks(model, work);
    loaded.push({ model, t });
    Object.assign(ours, { [`${name}Decode`]: t.decode, [`${name}Prefill`]: t.prefill });
  }
  const one = await nodeLlamaTasks(m.gguf, work, 1, '');
  const two = await nodeLlamaTasks(m.gguf, work, 2, '2');
  const tasks = { ...ours, ...one.tasks, ...two.tasks, ...(m.bin ? runcTasks(m.bin, work) : {}) };
  const ms = await measure(tasks, { quick });
  const profile = await profileOps(engines.wasm, loaded[0].t.decode, 2); // wasm, 1 thread
  for (const { model, t } of loaded) {
    t.session.dispose();
    model.close();
  }
  for (const peer of [one.model, two.model]) await peer?.dispose();
  return { ms, native: llamaBench(m.gguf, work, quick), profile };
}

const COLUMNS = [
  ['lowbit wasm', 'wasm'],
  ['wasm, 2 threads', 'wasm2'],
  ['lowbit cpu', 'cpu'],
  ['run.c (-O3, 1 thread)', 'runc'],
  ['run.c OpenMP, 2 threads', 'runc2'],
  ['node-llama-cpp, 1 thread', 'nlc'],
  ['node-llama-cpp, 2 threads', 'nlc2'],
];

function rows(label, { ms, native }, test, tokens) {
  const rate = (t) => (tokens * 1e3) / t;
  const has = (name) => ms.rounds[`${name}${test}`] !== undefined;
  const value = (name) => (has(name) ? cell(ms, `${name}${test}`, rate, 0) : '—');
  const versus = (peer, ours) =>
    has(peer) && has(ours) ? ratio(ms, `${peer}${test}`, `${ours}${test}`) : '—';
  const nativeCell = (threads) =>
    native?.error ?? native?.[`${test.toLowerCase()}${threads}`] ?? notBuilt('llama-bench');
  return [
    `${label} ${test === 'Decode' ? `decode ${tokens}` : `prefill ${tokens}`}`,
    ...COLUMNS.map(([, name]) => value(name)),
    nativeCell(1),
    nativeCell(2),
    versus('runc', 'wasm'),
    versus('runc2', 'wasm2'),
    versus('nlc', 'wasm'),
    versus('nlc2', 'wasm2'),
  ];
}

function verdictsFor(label, { ms }) {
  const v = (text, peer, ours, goal) =>
    ratioVerdict(
      `${label} decode: ${text}`,
      ratioStats(ms, `${peer}Decode`, `${ours}Decode`),
      goal,
    );
  if (label.endsWith('f32'))
    return [
      v('wasm vs run.c (1 thread)', 'runc', 'wasm', 0.5),
      ...(label.startsWith('stories') ? [v('cpu vs run.c (1 thread)', 'runc', 'cpu', 0.5)] : []),
      v('wasm 2 threads vs run.c OpenMP 2 threads', 'runc2', 'wasm2', 0.5),
    ];
  return [v('wasm 2 threads vs node-llama-cpp 2 threads', 'nlc2', 'wasm2', 0.5)];
}

/** Peak RSS of one wasm run (prefill 128 + decode 32) in a child process, per model. */
function peakRss(m) {
  const child = new URL('../llm/rss-child.mjs', import.meta.url).pathname;
  const run = spawnSync(process.execPath, [child, m.gguf, 'wasm', PROMPT, DECODE], {
    encoding: 'utf8',
  });
  if (run.status !== 0) return { error: run.stderr.slice(-300) };
  return JSON.parse(run.stdout.trim().split('\n').at(-1));
}

const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);

function memoryTable(list, verdicts) {
  const body = list.map(({ label, r }) => {
    if (r.error) return [label, `child failed: ${r.error}`, '', '', '', '', ''];
    const needed = r.weights + r.kv;
    const net = (r.peak - r.baseline) / needed;
    verdicts.push(
      valueVerdict(`${label}: (peak RSS − engine baseline) / (weights + KV)`, [net], 1.3, '×', {
        atMost: true,
      }),
    );
    return [
      label,
      mb(r.weights),
      mb(r.kv),
      mb(r.baseline),
      mb(r.peak),
      `${net.toFixed(2)}×`,
      `${(r.peak / needed).toFixed(2)}×`,
    ];
  });
  return markdownTable(
    [
      'model (wasm, prefill 128 + decode 32)',
      'weights MiB',
      'KV cache MiB',
      'RSS with engine ready, no model (MiB)',
      'peak RSS MiB',
      '(peak − baseline) / (weights + KV)',
      'peak / (weights + KV)',
    ],
    body,
  );
}

function profileTable(list) {
  const ops = new Map();
  for (const { profile } of list)
    for (const [op, msPerCall] of profile.byOp) ops.set(op, (ops.get(op) ?? 0) + msPerCall);
  const order = [...ops].sort((a, b) => b[1] - a[1]).map(([op]) => op);
  const share = (profile, op) => {
    const ms = profile.byOp.find(([o]) => o === op)?.[1];
    if (ms === undefined) return '—';
    return `${((ms / DECODE) * 1e3).toFixed(0)} µs (${Math.round((ms / profile.total) * 100)}%)`;
  };
  return markdownTable(
    ['op (wasm, 1 thread), per decode token', ...list.map(({ label }) => label)],
    [
      ...order.map((op) => [op, ...list.map(({ profile }) => share(profile, op))]),
      ['total', ...list.map(({ profile }) => `${((profile.total / DECODE) * 1e3).toFixed(0)} µs`)],
    ],
  );
}

export async function run({ wasm, wasm2, cpu, quick }) {
  const tableRows = [];
  const verdicts = [];
  const profiles = [];
  const memory = [];
  for (const m of models(cpu)) {
    process.stderr.write(`bench: llm ${m.label}\n`);
    const result = await measureModel(m, { wasm, wasm2, cpu }, quick);
    tableRows.push(
      rows(m.label, result, 'Decode', DECODE),
      rows(m.label, result, 'Prefill', PROMPT),
    );
    verdicts.push(...verdictsFor(m.label, result));
    profiles.push({ label: m.label, profile: result.profile });
    memory.push({ label: m.label, r: peakRss(m) });
  }
  const extra = [
    '',
    'Peak resident memory, each model in a fresh Node process (`src/llm/rss-child.mjs`); the baseline is the process with the engine ready and no model (Node and the wasm module), so the target is judged on what the model adds.',
    '',
    memoryTable(memory, verdicts),
    '',
    'Where a decode token’s time goes (wasm, 1 thread): each engine op timed by a wrapper the bench puts on the engine (`src/llm/op-profile.mjs`; linears split by weight shape and format); “host” is what no op accounts for.',
    '',
    profileTable(profiles),
  ];
  return {
    headers: [
      'model, test (tokens/s)',
      ...COLUMNS.map(([header]) => header),
      'llama-bench, 1 thread',
      'llama-bench, 2 threads',
      'wasm vs run.c',
      'wasm 2t vs run.c OpenMP 2t',
      'wasm vs node-llama-cpp',
      'wasm 2t vs node-llama-cpp 2t',
    ],
    rows: tableRows,
    verdicts,
    extra,
  };
}
