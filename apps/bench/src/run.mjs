#!/usr/bin/env node
// Runs every suite in one process on identical inputs and writes BENCHMARKS.md at the
// repository root. Usage: pnpm --filter @lowbit/bench bench [--quick] [suite …]
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { markdownTable } from './markdown.mjs';
import { engines } from './measure.mjs';
import * as decodeSuite from './suites/decode.mjs';
import * as fft from './suites/fft.mjs';
import * as fwht from './suites/fwht.mjs';
import * as gemv from './suites/gemv.mjs';
import * as gguf from './suites/gguf.mjs';
import * as half from './suites/half.mjs';
import * as matmul from './suites/matmul.mjs';
import * as nn from './suites/nn.mjs';

const suites = {
  fwht,
  fft,
  half,
  decode: decodeSuite,
  matmul,
  gemv,
  gguf,
  nn,
  analyze: await import('./suites/analyze.mjs'),
};
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const chosen = args.filter((a) => !a.startsWith('--'));
const context = { ...(await engines()), quick };

const lines = [
  '# BENCHMARKS',
  '',
  `Machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length} cores, Node ${process.version}. One thread unless a column says two (wasm worker threads); every suite runs ours and its peer in the same process on identical inputs (tinybench, mean latency).${quick ? ' **Quick run** (fewer sizes, shorter timing).' : ''}`,
  '',
  'Reproduce: `npx -y pnpm@10.34.8 install --frozen-lockfile && npx -y pnpm@10.34.8 build && npx -y pnpm@10.34.8 --filter @lowbit/bench bench`',
  '',
  '"lowbit wasm" and "lowbit cpu" are the public ops (`fwht`, `fft`, `decode`, `linear`, …) on an engine with that backend, so they include copying operands into and out of wasm linear memory and wrapping the result tensor.',
  '',
];
for (const [name, suite] of Object.entries(suites)) {
  if (chosen.length > 0 && !chosen.includes(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  const { headers, rows } = await suite.run(context);
  lines.push(`## ${suite.title}`, '', markdownTable(headers, rows), '', suite.targets, '');
}
writeFileSync(new URL('../../../BENCHMARKS.md', import.meta.url), lines.join('\n'));
console.log(lines.join('\n'));
