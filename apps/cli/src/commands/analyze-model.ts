/**
 * `lowbit analyze MODEL`: the quantization metrics over every 2-D weight of a model file, as one
 * aggregate table (relative MSE weighted by each tensor's energy, i.e. Σ‖W − Ŵ‖² / Σ‖W‖²) and,
 * with --per-tensor, a row per tensor × format × transform. Combinations a tensor cannot take
 * (a Hadamard over a row length that is not 2^k or 12/20/28/40·2^k) are skipped and counted.
 */
import { LowbitError } from '@lowbit/core';
import { analyze, type FormatSpec, type QuantReport, type TransformSpec } from '@lowbit/quant';
import { SingleBar } from 'cli-progress';
import { openModel } from '../model-file.ts';
import { compactTable } from '../table.ts';

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
  bitsPerValue: number;
  relativeMse: number;
  sqnrDb: number;
}

export async function analyzeModel(
  path: string,
  formats: readonly FormatSpec[],
  transforms: readonly TransformSpec[],
  progress: boolean,
): Promise<{ perTensor: ModelReport[]; aggregate: AggregateRow[] }> {
  const model = await openModel(path);
  const perTensor: ModelReport[] = [];
  const totals = new Map<
    string,
    { row: AggregateRow; error: number; energy: number; bits: number; values: number }
  >();
  const weights = model.tensors.filter((t) => t.shape.length === 2 && t.format !== undefined);
  const bar = progress
    ? new SingleBar({
        format: 'analyze [{bar}] {value}/{total} {tensor}',
        stream: process.stderr,
        hideCursor: true,
      })
    : undefined;
  bar?.start(weights.length, 0, { tensor: '' });
  try {
    for (const tensor of weights) {
      bar?.update({ tensor: tensor.name });
      const values = await model.read(tensor.name);
      let energy = 0;
      for (const v of values) energy += v * v;
      for (const format of formats) {
        for (const transform of transforms) {
          const key = `${format.label}\u0000${transform.label}`;
          const entry = totals.get(key) ?? {
            row: {
              format: format.label,
              transform: transform.label,
              tensors: 0,
              skipped: 0,
              bitsPerValue: 0,
              relativeMse: 0,
              sqnrDb: 0,
            },
            error: 0,
            energy: 0,
            bits: 0,
            values: 0,
          };
          totals.set(key, entry);
          let report: QuantReport;
          try {
            [report] = analyze(values, tensor.shape, [format], [transform]) as [QuantReport];
          } catch (error) {
            if (LowbitError.isInstance(error) && error.code === 'E_SHAPE') {
              entry.row.skipped++;
              continue;
            }
            throw error;
          }
          perTensor.push({ tensor: tensor.name, shape: tensor.shape, report });
          entry.row.tensors++;
          entry.error += report.relativeMse * energy;
          entry.energy += energy;
          entry.bits += report.bitsPerValue * values.length;
          entry.values += values.length;
        }
      }
      bar?.increment();
    }
  } finally {
    bar?.stop();
    await model.close();
  }
  const aggregate = [...totals.values()].map(({ row, error, energy, bits, values }) => ({
    ...row,
    bitsPerValue: values ? bits / values : Number.NaN,
    relativeMse: energy ? error / energy : Number.NaN,
    sqnrDb: energy ? -10 * Math.log10(error / energy) : Number.NaN,
  }));
  aggregate.sort((a, b) => a.relativeMse - b.relativeMse);
  return { perTensor, aggregate };
}

export function renderAggregate(rows: readonly AggregateRow[]): string {
  const table = compactTable([
    'format',
    'transform',
    'bits/value',
    'rel MSE',
    'SQNR dB',
    'tensors',
    'skipped',
  ]);
  for (const r of rows) {
    table.push([
      r.format,
      r.transform,
      r.bitsPerValue.toFixed(3),
      r.relativeMse.toExponential(3),
      r.sqnrDb.toFixed(2),
      r.tensors,
      r.skipped,
    ]);
  }
  return table.toString();
}

export function renderPerTensor(rows: readonly ModelReport[]): string {
  const table = compactTable([
    'tensor',
    'shape',
    'format',
    'transform',
    'bits/value',
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
