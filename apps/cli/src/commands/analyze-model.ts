/**
 * `lowbit analyze MODEL`: the quantization metrics over every 2-D weight of a model file.
 * Combinations a tensor cannot take (a group or Hadamard length that does not fit its rows) are
 * skipped with their reason, so rows can cover different tensor sets. Only rows over the same
 * tensors are comparable: the ranked table uses the weights every row covers (relative MSE
 * weighted by each tensor's energy, Σ‖W − Ŵ‖² / Σ‖W‖²); a coverage table gives each row over
 * all the weights it could take; rows that covered no weight are named with the reason.
 */
import { basename } from 'node:path';
import { sizeOf } from '@lowbit/core';
import { openModel } from '@lowbit/models/node';
import {
  type FormatSpec,
  nominalBitsPerValue,
  type QuantReport,
  type TransformSpec,
} from '@lowbit/quant';
import { SingleBar } from 'cli-progress';
import { compactTable } from '../table.ts';
import type { AnalyzeBackend } from './analyze-backend.ts';
import { countReasons, renderLegend } from './analyze-legend.ts';
import {
  type AnalyzeJob,
  localAnalyser,
  type TensorAnalyser,
  type TensorResult,
  workerAnalyser,
  workersAvailable,
} from './analyze-tensors.ts';

export interface ModelReport {
  tensor: string;
  shape: number[];
  report: QuantReport;
}

export interface AggregateRow {
  format: string;
  transform: string;
  tensors: number;
  skipped: number;
  nominalBitsPerValue: number;
  /** Stored bits per value over the row's tensors, padding included. */
  bitsPerValue: number;
  relativeMse: number;
  sqnrDb: number;
}

export interface CoverageRow extends AggregateRow {
  /** Why tensors were skipped, e.g. "5× No Hadamard transform of length 172". */
  skippedBecause: string;
}

export interface ModelAnalysis {
  /** 2-D weights analysed. */
  weights: number;
  /** The weights every row with any coverage could take: the set the ranking uses. */
  commonTensors: string[];
  /** Rows over `commonTensors`, best first. */
  aggregate: AggregateRow[];
  /** Every row with any coverage, over all the weights it could take. */
  coverage: CoverageRow[];
  /** Rows that could take no weight, and why. */
  uncovered: { format: string; transform: string; skippedBecause: string }[];
  perTensor: ModelReport[];
  /** Most bytes of f32 tensor data read and held at once (tensors are read one at a time). */
  peakTensorBytes: number;
}

export interface AnalyzeModelOptions {
  /** Where the encode/decode round trips run (default: wasm when it starts, else cpu). */
  backend?: AnalyzeBackend | undefined;
  /** Tensors analysed at once, each on a worker thread (default 1: this thread). */
  threads?: number;
  progress?: boolean;
}

interface Row {
  format: FormatSpec;
  transform: string;
  covered: { tensor: string; energy: number; report: QuantReport }[];
  reasons: string[];
}

function aggregateOf(row: Row, tensors: ReadonlySet<string>): AggregateRow {
  let error = 0;
  let energy = 0;
  let bits = 0;
  let values = 0;
  for (const c of row.covered) {
    if (!tensors.has(c.tensor)) continue;
    error += c.report.relativeMse * c.energy;
    energy += c.energy;
    bits += c.report.bitsPerValue * c.report.values;
    values += c.report.values;
  }
  const relativeMse = error / energy;
  return {
    format: row.format.label,
    transform: row.transform,
    tensors: tensors.size,
    skipped: row.covered.length + row.reasons.length - tensors.size,
    nominalBitsPerValue: nominalBitsPerValue(row.format),
    bitsPerValue: bits / values,
    relativeMse,
    sqnrDb: -10 * Math.log10(relativeMse),
  };
}

export async function analyzeModel(
  path: string,
  formats: readonly FormatSpec[],
  transforms: readonly TransformSpec[],
  { backend, threads = 1, progress = false }: AnalyzeModelOptions = {},
): Promise<ModelAnalysis> {
  const model = await openModel(path);
  await model.close();
  const perTensor: ModelReport[] = [];
  const rows = new Map<string, Row>();
  for (const format of formats)
    for (const transform of transforms)
      rows.set(`${format.label}\u0000${transform.label}`, {
        format,
        transform: transform.label,
        covered: [],
        reasons: [],
      });
  const row = (format: string, transform: string) => rows.get(`${format}\u0000${transform}`)!;
  const weights = model.tensors.filter((t) => t.shape.length === 2 && t.format !== undefined);
  const bar = progress
    ? new SingleBar({
        format: 'analyze [{bar}] {value}/{total} {tensor}',
        stream: process.stderr,
        hideCursor: true,
      })
    : undefined;
  bar?.start(weights.length, 0, { tensor: '' });
  const job: AnalyzeJob = {
    path,
    formats: formats.map((f) => f.label),
    transforms: transforms.map((t) => t.label),
    backend,
  };
  const byTensor = new Map<string, TensorResult>();
  let held = 0;
  let peakTensorBytes = 0;
  const queue = [...weights];
  const work = async (analyser: TensorAnalyser) => {
    try {
      for (let tensor = queue.shift(); tensor; tensor = queue.shift()) {
        const bytes = sizeOf(tensor.shape) * 4;
        held += bytes;
        peakTensorBytes = Math.max(peakTensorBytes, held);
        bar?.update({ tensor: tensor.name });
        byTensor.set(tensor.name, await analyser.analyse(tensor.name));
        held -= bytes;
        bar?.increment();
      }
    } finally {
      await analyser.close();
    }
  };
  const parallel = Math.min(threads, weights.length);
  try {
    if (parallel > 1 && workersAvailable())
      await Promise.all(Array.from({ length: parallel }, () => work(workerAnalyser(job))));
    else await work(await localAnalyser(job));
  } finally {
    bar?.stop();
  }
  for (const tensor of weights) {
    const { reports, skipped, energy } = byTensor.get(tensor.name)!;
    for (const report of reports) {
      perTensor.push({ tensor: tensor.name, shape: tensor.shape, report });
      row(report.format, report.transform).covered.push({ tensor: tensor.name, energy, report });
    }
    for (const s of skipped) row(s.format, s.transform).reasons.push(s.reason);
  }
  const all = [...rows.values()];
  const some = all.filter((r) => r.covered.length > 0);
  const common = weights
    .map((t) => t.name)
    .filter((name) => some.every((r) => r.covered.some((c) => c.tensor === name)));
  const commonSet = new Set(common);
  return {
    weights: weights.length,
    commonTensors: common,
    aggregate: common.length
      ? some.map((r) => aggregateOf(r, commonSet)).sort((a, b) => a.relativeMse - b.relativeMse)
      : [],
    coverage: some.map((r) => ({
      ...aggregateOf(r, new Set(r.covered.map((c) => c.tensor))),
      skippedBecause: countReasons(r.reasons),
    })),
    uncovered: all
      .filter((r) => r.covered.length === 0)
      .map((r) => ({
        format: r.format.label,
        transform: r.transform,
        skippedBecause: countReasons(r.reasons),
      })),
    perTensor,
    peakTensorBytes,
  };
}

export function renderModelAnalysis(path: string, a: ModelAnalysis): string {
  let text = '';
  if (a.aggregate.length) {
    text += `Quantization error of ${basename(path)}: ranked by relative MSE on the ${a.commonTensors.length} of ${a.weights} 2-D weights every row covers\n`;
    const table = compactTable([
      'format',
      'transform',
      'bits/value nominal',
      'bits/value effective',
      'rel MSE',
      'SQNR dB',
    ]);
    for (const r of a.aggregate)
      table.push([
        r.format,
        r.transform,
        r.nominalBitsPerValue.toFixed(3),
        r.bitsPerValue.toFixed(3),
        r.relativeMse.toExponential(3),
        r.sqnrDb.toFixed(2),
      ]);
    text += `${table.toString()}\n`;
  } else if (a.coverage.length) {
    text += `No 2-D weight of ${basename(path)} is covered by every row, so nothing is ranked; compare rows within the coverage table only where their tensor counts match.\n`;
  }
  if (a.coverage.some((r) => r.tensors !== a.commonTensors.length)) {
    text +=
      'Coverage: each row over all the weights it could take (not ranked together: the tensor sets differ)\n';
    const table = compactTable([
      'format',
      'transform',
      'tensors',
      'skipped',
      'bits/value effective',
      'rel MSE',
      'SQNR dB',
      'skipped because',
    ]);
    for (const r of a.coverage)
      table.push([
        r.format,
        r.transform,
        r.tensors,
        r.skipped,
        r.bitsPerValue.toFixed(3),
        r.relativeMse.toExponential(3),
        r.sqnrDb.toFixed(2),
        r.skippedBecause || '—',
      ]);
    text += `${table.toString()}\n`;
  }
  for (const u of a.uncovered)
    text += `covered no tensor: ${u.format} × ${u.transform}: ${u.skippedBecause}\n`;
  return `${text}${renderLegend([
    'bits/value nominal',
    'bits/value effective',
    'rel MSE',
    'SQNR dB',
    'tensors',
    'skipped',
    'skipped because',
  ])}`;
}

export function renderPerTensor(rows: readonly ModelReport[]): string {
  const table = compactTable([
    'tensor',
    'shape',
    'format',
    'transform',
    'bits/value effective',
    'rel MSE',
    'SQNR dB',
  ]);
  for (const { tensor, shape, report: r } of rows) {
    table.push([
      tensor,
      shape.join('×'),
      r.format,
      r.transform,
      r.bitsPerValue.toFixed(3),
      r.relativeMse.toExponential(3),
      r.sqnrDb.toFixed(2),
    ]);
  }
  return table.toString();
}
