/**
 * `lowbit bench [--quick] [--json] [--threads n]`: a short run of our wasm kernels beside our cpu
 * kernels through the public ops, on this machine (wasm matmul/linear on n threads). The full suites with peers live in apps/bench.
 */
import { cpuBackend } from '@lowbit/backend-cpu';
import { wasmBackend } from '@lowbit/backend-wasm';
import {
  createRng,
  decode,
  Engine,
  encode,
  fft,
  fwht,
  linear,
  matmul,
  rmsnorm,
} from '@lowbit/core';
import type { Command } from 'commander';
import { Bench } from 'tinybench';
import { integerOption, numberOption } from '../flags.ts';
import type { Io } from '../io.ts';
import { compactTable } from '../table.ts';

interface Case {
  name: string;
  /** Work per call (values, points or flops) and how the rate is shown. */
  work: number;
  unit: 'M values/s' | 'M points/s' | 'GFLOP/s';
  /** The op to time on an engine, with its inputs made once. */
  prepare(engine: Engine): () => unknown;
}

function floats(count: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: count }, () => rng.nextFloat() * 2 - 1);
}

function cases(quick: boolean): Case[] {
  const size = quick ? 2 ** 16 : 2 ** 20;
  const gemv = quick ? 1024 : 4096;
  const square = quick ? 128 : 256;
  const packed = (engine: Engine, format: string, values: Float32Array, shape: number[]) =>
    engine.fromBytes(encode(engine.tensor(values, shape), format).readBytesSync(), shape, format);
  return [
    {
      name: `fwht rows of 1024 (${size} values)`,
      work: size,
      unit: 'M values/s',
      prepare(e) {
        const x = e.tensor(floats(size, 1), [size / 1024, 1024]);
        return () => fwht(x);
      },
    },
    {
      name: `fft rows of 1024 (${size} points)`,
      work: size,
      unit: 'M points/s',
      prepare(e) {
        const [re, im] = [
          e.tensor(floats(size, 2), [size / 1024, 1024]),
          e.tensor(floats(size, 3), [size / 1024, 1024]),
        ];
        return () => fft(re, im);
      },
    },
    ...['f16', 'fp8_e4m3fn', 'mxfp4', 'q4_0'].map(
      (format): Case => ({
        name: `decode ${format} (${size} values)`,
        work: size,
        unit: 'M values/s',
        prepare(e) {
          const x = packed(e, format, floats(size, 4), [size]);
          return () => decode(x);
        },
      }),
    ),
    ...['q4_0', 'q8_0'].map(
      (format): Case => ({
        name: `linear ${format} 1×${gemv}·${gemv}×${gemv}ᵀ`,
        work: 2 * gemv * gemv,
        unit: 'GFLOP/s',
        prepare(e) {
          const x = e.tensor(floats(gemv, 5), [1, gemv]);
          const w = packed(e, format, floats(gemv * gemv, 6), [gemv, gemv]);
          return () => linear(x, w);
        },
      }),
    ),
    {
      name: `matmul f32 ${square}³`,
      work: 2 * square ** 3,
      unit: 'GFLOP/s',
      prepare(e) {
        const [a, b] = [
          e.tensor(floats(square ** 2, 7), [square, square]),
          e.tensor(floats(square ** 2, 8), [square, square]),
        ];
        return () => matmul(a, b);
      },
    },
    {
      name: 'rmsnorm 64×4096',
      work: 64 * 4096,
      unit: 'M values/s',
      prepare(e) {
        const [x, w] = [
          e.tensor(floats(64 * 4096, 9), [64, 4096]),
          e.tensor(floats(4096, 10), [4096]),
        ];
        return () => rmsnorm(x, w);
      },
    },
  ];
}

export interface BenchRow {
  kernel: string;
  unit: string;
  wasm: number;
  cpu: number;
  ratio: number;
}

export interface BenchOptions {
  quick?: boolean;
  time?: number;
  /** Threads for the wasm backend's matmul and linear (default 1). */
  threads?: number;
}

export async function runBench(options: BenchOptions): Promise<BenchRow[]> {
  const wasm = new Engine({ logger: { warn: () => {} } });
  wasm.use(cpuBackend());
  wasm.use(wasmBackend({ threads: options.threads ?? 1 }));
  await wasm.ready();
  const cpu = new Engine();
  cpu.use(cpuBackend());
  const time = options.time ?? (options.quick ? 100 : 400);
  const rows: BenchRow[] = [];
  for (const c of cases(options.quick === true)) {
    const bench = new Bench({ time, warmupTime: Math.min(50, time), iterations: 2 });
    bench.add('wasm', c.prepare(wasm)).add('cpu', c.prepare(cpu));
    await bench.run();
    const [w, p] = bench.tasks.map((t) => {
      if (t.result.state !== 'completed') throw new Error(`bench ${c.name}: ${t.result.state}`);
      return t.result.latency.mean;
    }) as [number, number];
    const perSecond = (ms: number) => c.work / (ms / 1000) / (c.unit === 'GFLOP/s' ? 1e9 : 1e6);
    rows.push({
      kernel: c.name,
      unit: c.unit,
      wasm: perSecond(w),
      cpu: perSecond(p),
      ratio: p / w,
    });
  }
  return rows;
}

export function registerBenchCommand(program: Command, io: Io): void {
  program
    .command('bench')
    .description('time the wasm kernels beside the cpu kernels on this machine (one thread)')
    .option('--quick', 'smaller inputs and shorter timing (a few seconds)')
    .option(
      '--time <ms>',
      'milliseconds of timing per kernel and backend (above 0, at most 60000)',
      numberOption('--time', { min: 0, exclusiveMin: true, max: 60_000 }),
    )
    .option(
      '--threads <n>',
      'threads for wasm matmul and linear (1 to 64, default 1)',
      integerOption('--threads', { min: 1, max: 64 }),
    )
    .option('--json', 'print JSON instead of a table')
    .action(async (options: BenchOptions & { json?: boolean }) => {
      const rows = await runBench(options);
      if (options.json) {
        io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      const table = compactTable(['kernel', 'unit', 'wasm', 'cpu', 'wasm vs cpu']);
      for (const r of rows)
        table.push([
          r.kernel,
          r.unit,
          r.wasm.toFixed(2),
          r.cpu.toFixed(2),
          `${r.ratio.toFixed(1)}×`,
        ]);
      io.stdout(`${table.toString()}\nFull suites with peers: pnpm --filter @lowbit/bench bench\n`);
    });
}
