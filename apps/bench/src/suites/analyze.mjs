// `lowbit analyze` throughput on a generated llama-shaped f32 GGUF (seeded; written to the OS
// temp dir, never committed): MB of f32 weights per second per format, on 1 and 2 threads,
// against the single-thread cpu path as baseline, with the process's peak RSS. Runs the built
// CLI (apps/cli/dist/bin.js) in a child process per row, so RSS is that run's alone.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serializeGguf } from '@lowbit/gguf';
import { randomFloats, ratio } from '../measure.mjs';

export const title =
  '`lowbit analyze` on a generated llama-shaped f32 GGUF — MB/s of f32 weights per format';
export const targets =
  'Target: ≥ 50 MB/s per format on 2 threads (94 MB model). Baseline: the same CLI on the cpu backend (the default), one thread; the wasm backend beside it. Wall time of the whole command (open, read, analyse, report) over the model size; peak RSS of that process.';

const bin = fileURLToPath(new URL('../../../cli/dist/bin.js', import.meta.url));

/** Layers of a llama block (dim × dim attention, dim × hidden MLP) until `megabytes` of f32. */
export function writeLlamaGguf(megabytes, dim = 768, hidden = 2048) {
  const tensors = [];
  let bytes = 0;
  for (let layer = 0; bytes < megabytes * 1e6; layer++) {
    for (const [name, rows, cols] of [
      ['attn_q', dim, dim],
      ['attn_k', dim, dim],
      ['attn_v', dim, dim],
      ['attn_output', dim, dim],
      ['ffn_gate', hidden, dim],
      ['ffn_up', hidden, dim],
      ['ffn_down', dim, hidden],
    ]) {
      const values = randomFloats(rows * cols, tensors.length + 1, 0.02);
      tensors.push({
        name: `blk.${layer}.${name}.weight`,
        dims: [cols, rows],
        ggmlType: 0,
        data: new Uint8Array(values.buffer),
      });
      bytes += values.byteLength;
    }
  }
  const path = join(mkdtempSync(join(tmpdir(), 'lowbit-bench-analyze-')), 'llama.gguf');
  writeFileSync(path, serializeGguf({ metadata: new Map(), tensors }));
  return { path, bytes };
}

const REPORT_RSS = `data:text/javascript,process.on('exit', () => process.stderr.write('maxrss ' + process.resourceUsage().maxRSS + '\\n'))`;

function analyze(path, format, backend, threads) {
  const args = ['--import', REPORT_RSS, bin, 'analyze', path, '--formats', format];
  args.push(
    '--transforms',
    'none,hadamard',
    '--json',
    '--backend',
    backend,
    '--threads',
    `${threads}`,
  );
  const start = performance.now();
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - start;
  if (child.status !== 0) throw new Error(`analyze failed: ${child.stderr}`);
  const rss = [...child.stderr.matchAll(/maxrss (\d+)/g)].map((m) => Number(m[1]));
  return { ms, rssMb: Math.max(...rss) / 1024 };
}

export async function run({ quick }) {
  if (!existsSync(bin))
    return { headers: ['note'], rows: [['CLI not built: run the build first']] };
  const { path, bytes } = writeLlamaGguf(quick ? 12 : 94);
  const mb = bytes / 1e6;
  const formats = quick
    ? ['int4/g32', 'q4_0', 'nvfp4_scaled']
    : [
        'nvfp4_scaled',
        'mxfp4',
        'int4/g32',
        'int4/g64/mse',
        'nf4/g64',
        'q4_0',
        'q4_K',
        'iq4_nl',
        'q8_0',
        'fp8_e4m3fn/ch',
        'mxfp8_e4m3',
      ];
  const rows = [];
  for (const format of formats) {
    const base = analyze(path, format, 'cpu', 1);
    const two = analyze(path, format, 'cpu', 2);
    const wasm = analyze(path, format, 'wasm', 1);
    const wasm2 = analyze(path, format, 'wasm', 2);
    const rate = (r) => mb / (r.ms / 1000);
    rows.push([
      format,
      `${mb.toFixed(0)} MB`,
      rate(base).toFixed(1),
      rate(two).toFixed(1),
      ratio(base.ms, two.ms),
      rate(wasm).toFixed(1),
      rate(wasm2).toFixed(1),
      two.rssMb.toFixed(0),
      rate(two) >= 50 ? 'met' : 'missed',
    ]);
  }
  return {
    headers: [
      'format (× none, hadamard)',
      'model',
      'cpu 1 thread MB/s (baseline)',
      'cpu 2 threads MB/s (default backend)',
      '2 threads vs 1',
      'wasm 1 thread MB/s',
      'wasm 2 threads MB/s',
      'peak RSS MB (cpu, 2 threads)',
      '≥ 50 MB/s on 2 threads',
    ],
    rows,
  };
}
