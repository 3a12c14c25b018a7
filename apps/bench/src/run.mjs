#!/usr/bin/env node
// Runs the benchmark suites in one process on identical inputs and writes BENCHMARKS.md at the
// repository root. Usage: pnpm --filter @lowbit/bench bench  (or: pnpm bench, after a build).
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { matmulNK } from '@lowbit/backend-cpu';
import { WasmKernels } from '@lowbit/backend-wasm';
import { createRng, f16 } from '@lowbit/core';
import { q8_0 } from '@lowbit/formats';
import { fwht } from '@lowbit/transforms';
import { Float16Array } from '@petamoriken/float16';
import { Bench } from 'tinybench';
import { radix4Fwht } from './radix4-fwht.mjs';

const quick = process.argv.includes('--quick');
const kernels = await WasmKernels.create();
const rng = createRng(1);
const rows = [];

for (const log2 of quick ? [10, 16] : [10, 12, 14, 16, 18, 20]) {
  const n = 2 ** log2;
  const batch = Math.max(1, 2 ** 20 / n);
  const input = Float32Array.from({ length: n * batch }, () => rng.nextFloat() - 0.5);
  const work = input.slice();
  const bench = new Bench({ time: quick ? 200 : 600, warmupTime: 100 });
  bench
    .add('wasm simd', () => kernels.fwht(work, n, 1))
    .add('lowbit js', () => fwht(work, n))
    .add('plain-js radix-4', () => {
      for (let r = 0; r < batch; r++) radix4Fwht(work.subarray(r * n, (r + 1) * n), n);
    });
  await bench.run();
  const nsPerElement = Object.fromEntries(
    bench.tasks.map((t) => [t.name, (t.result.latency.mean * 1e6) / (n * batch)]),
  );
  rows.push({ n: `2^${log2}`, ...nsPerElement });
}

// q8_0 linear layer (GEMV, one token): fused wasm kernel vs lowbit's cpu path (decode, then matmul).
const gemv = [];
for (const [n, k] of quick
  ? [[1024, 1024]]
  : [
      [1024, 1024],
      [4096, 4096],
    ]) {
  const x = Float32Array.from({ length: k }, () => rng.nextFloat() - 0.5);
  const w = q8_0.encode(Float32Array.from({ length: n * k }, () => rng.nextFloat() - 0.5));
  const bench = new Bench({ time: quick ? 200 : 600, warmupTime: 100 });
  bench
    .add('wasm fused q8_0', () => kernels.linearQ8_0(x, w, 1, n, k))
    .add('cpu decode + matmul', () => matmulNK(x, q8_0.decode(w, n * k), 1, k, n));
  await bench.run();
  const gflops = Object.fromEntries(
    bench.tasks.map((t) => [t.name, (2 * n * k) / (t.result.latency.mean * 1e6)]),
  );
  gemv.push({ shape: `1×${k} · ${n}×${k}ᵀ`, ...gflops });
}

// f16 decode of 2^20 values: wasm kernel, lowbit's table decode, and the @petamoriken/float16 peer.
const halfCount = 2 ** 20;
const halves = f16.encode(
  Float32Array.from({ length: halfCount }, () => (rng.nextFloat() - 0.5) * 100),
);
const peerHalves = new Float16Array(halves.buffer);
const decodeBench = new Bench({ time: quick ? 200 : 600, warmupTime: 100 });
decodeBench
  .add('wasm decode16', () => kernels.decode16(halves, halfCount, 0))
  .add('lowbit table', () => f16.decode(halves, halfCount))
  .add('@petamoriken/float16', () => Float32Array.from(peerHalves));
await decodeBench.run();
const decodeNs = Object.fromEntries(
  decodeBench.tasks.map((t) => [t.name, (t.result.latency.mean * 1e6) / halfCount]),
);

const fmt = (x) => x.toFixed(3);
const lines = [
  '# BENCHMARKS',
  '',
  `Machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length} cores, Node ${process.version}. One thread.`,
  '',
  'Reproduce: `npx -y pnpm@10.34.8 install --frozen-lockfile && npx -y pnpm@10.34.8 build && npx -y pnpm@10.34.8 --filter @lowbit/bench bench`',
  '',
  '## FWHT (unnormalised, float32 rows, 2^20 values per run) — ns per element, lower is better',
  '',
  '| n | wasm simd | lowbit js (reference) | plain-JS radix-4 | wasm vs radix-4 | wasm vs lowbit js |',
  '|---|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.n} | ${fmt(r['wasm simd'])} | ${fmt(r['lowbit js'])} | ${fmt(r['plain-js radix-4'])} | ${(r['plain-js radix-4'] / r['wasm simd']).toFixed(2)}× | ${(r['lowbit js'] / r['wasm simd']).toFixed(2)}× |`,
  ),
  '',
  'Targets (issue 6): ≥ 5× plain-JS radix-4, and ≤ 1.2 ns/element at 2^16 (within 3× of native FFHT).',
  'The wasm figure includes copying each batch into and out of linear memory.',
  '',
  '## f16 decode, 2^20 values — ns per element, lower is better',
  '',
  '| wasm decode16 | lowbit table (cpu) | @petamoriken/float16 | wasm vs peer | table vs peer |',
  '|---:|---:|---:|---:|---:|',
  `| ${fmt(decodeNs['wasm decode16'])} | ${fmt(decodeNs['lowbit table'])} | ${fmt(decodeNs['@petamoriken/float16'])} | ${(decodeNs['@petamoriken/float16'] / decodeNs['wasm decode16']).toFixed(1)}× | ${(decodeNs['@petamoriken/float16'] / decodeNs['lowbit table']).toFixed(1)}× |`,
  '',
  'Target (issue 6): decode ≥ 100× @petamoriken/float16.',
  '',
  '## q8_0 linear layer, one token (GEMV) — GFLOP/s, higher is better',
  '',
  '| shape | wasm fused q8_0 | cpu decode + matmul | ratio |',
  '|---|---:|---:|---:|',
  ...gemv.map(
    (r) =>
      `| ${r.shape} | ${fmt(r['wasm fused q8_0'])} | ${fmt(r['cpu decode + matmul'])} | ${(r['wasm fused q8_0'] / r['cpu decode + matmul']).toFixed(1)}× |`,
  ),
  '',
  'Targets (issue 6) compare against onnxruntime-web MatMulNBits (≥ 10×) and ggml native (≥ 0.25× on 2 threads); those peers are not in this suite yet.',
  '',
];
writeFileSync(new URL('../../../BENCHMARKS.md', import.meta.url), lines.join('\n'));
console.log(lines.join('\n'));
