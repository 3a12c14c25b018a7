#!/usr/bin/env node
// Runs the suites in one process on identical inputs and writes BENCHMARKS.md at the
// repository root. Usage: pnpm --filter @lowbit/bench bench [--quick] [--merge]
// [--compare FILE] [suite …]. See README.md for the statistics and the native peers.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable } from './markdown.mjs';
import { engines, loadAverage } from './measure.mjs';
import { compareRatios, mergeReport, parseRatios, section } from './report.mjs';
import * as decodeSuite from './suites/decode.mjs';
import * as fft from './suites/fft.mjs';
import * as fwht from './suites/fwht.mjs';
import * as gemv from './suites/gemv.mjs';
import * as gguf from './suites/gguf.mjs';
import * as half from './suites/half.mjs';
import * as llm from './suites/llm.mjs';
import * as matmul from './suites/matmul.mjs';
import * as nn from './suites/nn.mjs';
import * as overhead from './suites/overhead.mjs';
import * as webgpu from './suites/webgpu.mjs';

const suites = {
  fwht,
  fft,
  half,
  decode: decodeSuite,
  matmul,
  gemv,
  gguf,
  nn,
  overhead,
  'model-ops': await import('./suites/model-ops.mjs'),
  llm,
  analyze: await import('./suites/analyze.mjs'),
  webgpu,
};
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const merge = args.includes('--merge');
const compareAt = args.indexOf('--compare');
const root = fileURLToPath(new URL('../../../', import.meta.url));
// pnpm runs this in apps/bench: a relative FILE is read from where the command was typed
// (INIT_CWD), else from the repository root.
const locate = (path) =>
  [resolve(process.env.INIT_CWD ?? process.cwd(), path), resolve(root, path)].find(existsSync) ??
  path;
const baselinePath = compareAt >= 0 ? locate(args[compareAt + 1]) : null;
const chosen = args.filter((a, i) => !a.startsWith('--') && (compareAt < 0 || i !== compareAt + 1));
const unknown = chosen.filter((name) => !(name in suites));
if (unknown.length > 0) {
  console.error(
    `bench: unknown suite ${unknown.join(', ')}; suites: ${Object.keys(suites).join(', ')}`,
  );
  process.exit(2);
}
const context = { ...(await engines()), quick };
const reportUrl = new URL('../../../BENCHMARKS.md', import.meta.url);

const header = [
  '# BENCHMARKS',
  '',
  `Machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length} cores, Node ${process.version}. One thread unless a column says two (wasm worker threads). Ours and each peer run on identical inputs, the JS peers in the same process, the native peers (ggml, FFHT, llama.cpp; built by \`pnpm --filter @lowbit/bench peers\`) in a child process interleaved with our rounds.`,
  '',
  "Statistics: each task runs in bursts of about 40 ms (15 ms with `--quick`), 5 bursts per round, 5 rounds (3 × 3 with `--quick`), the tasks interleaved burst by burst. A value cell is the best burst, then in parentheses the median burst ± half its interquartile range. A ratio cell is peer time over ours taken per round from each round's best burst, as **min / median / max** over the rounds (> 1: ours is faster). A target is met only if its **min** ratio meets it (it held in every round); an absolute target is judged on its worst round. Each section gives the load average (1/5/15 min) before and after it ran.",
  '',
  "Reproduce: `npx -y pnpm@10.34.8 install --frozen-lockfile && npx -y pnpm@10.34.8 build && npx -y pnpm@10.34.8 --filter @lowbit/bench peers && npx -y pnpm@10.34.8 --filter @lowbit/bench bench`. Rerun one suite into this file: `… bench --merge gemv`. Regression check (exit 1 if a ratio's median fell by more than 30%): `… bench --compare BENCHMARKS.md [suite …]`.",
  '',
  '"lowbit wasm" and "lowbit cpu" are the public ops (`fwht`, `fft`, `decode`, `linear`, …) on an engine with that backend, so they include copying operands into and out of wasm linear memory and wrapping the result tensor.',
].join('\n');

const fresh = new Map();
for (const [name, suite] of Object.entries(suites)) {
  if (chosen.length > 0 && !chosen.includes(name)) continue;
  const before = loadAverage();
  process.stderr.write(`bench: ${name}… (load average ${before})\n`);
  const { headers, rows, verdicts = [], extra = [] } = await suite.run(context);
  const after = loadAverage();
  const body = [
    `## ${suite.title}`,
    '',
    `Load average ${before} before, ${after} after${quick ? '; **quick run** (fewer sizes, shorter bursts)' : ''}.`,
    '',
    markdownTable(headers, rows),
    '',
    suite.targets,
    ...(verdicts.length > 0 ? ['', ...verdicts] : []),
    ...extra,
  ].join('\n');
  fresh.set(name, section(name, body));
  console.log(`${body}\n`);
}

if (baselinePath) {
  const titles = new Map(Object.entries(suites).map(([name, suite]) => [suite.title, name]));
  const baseline = parseRatios(readFileSync(baselinePath, 'utf8'), titles);
  const now = parseRatios([...fresh.values()].join('\n\n'));
  const { compared, regressions, unmatched } = compareRatios(baseline, now);
  console.log(`compare: ${compared} ratios against ${baselinePath}, ${unmatched.length} new.`);
  for (const { key, before, after } of regressions) {
    console.log(`REGRESSION ${key}: median ${before}× → ${after}× (fell more than 30%)`);
  }
  process.exit(regressions.length > 0 ? 1 : 0);
}
const existing = merge ? readFileSync(reportUrl, 'utf8') : '';
writeFileSync(reportUrl, mergeReport(header, Object.keys(suites), existing, fresh));
// The repository's formatter pads the tables, so the committed file passes `biome check`.
const biome = resolve(root, 'node_modules/.bin/biome');
if (existsSync(biome))
  spawnSync(biome, ['format', '--write', fileURLToPath(reportUrl)], { stdio: 'ignore' });
