/** `lowbit formats [--json]`: every registered number format, from the format registry. */
import { type Format, getFormat, listFormats } from '@lowbit/core';
import type { Command } from 'commander';
import type { Io } from '../io.ts';
import { compactTable } from '../table.ts';

export interface FormatRow {
  name: string;
  family: string;
  bits: number;
  bitsPerValue: number;
  block: number | null;
  scales: string[];
  max: number;
  minNormal: number;
  minSubnormal: number;
  epsilon: number;
  nan: string;
  infinity: boolean;
  negativeZero: boolean;
  roundingModes: string[];
  summary: string;
}

export function formatRow(f: Format): FormatRow {
  return {
    name: f.name,
    family: f.family,
    bits: f.bits,
    bitsPerValue: f.bitsPerValue,
    block: f.block?.size ?? null,
    scales:
      f.block?.scales.map((s) => `${s.format}/${s.scope === 'tensor' ? 'tensor' : s.blockSize}`) ??
      [],
    max: f.range.max,
    minNormal: f.range.minNormal,
    minSubnormal: f.range.minSubnormal,
    epsilon: f.range.epsilon,
    nan: f.special.nan,
    infinity: f.special.infinity,
    negativeZero: f.special.negativeZero,
    roundingModes: [...f.roundingModes],
    summary: f.summary,
  };
}

function number(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e6) return String(x);
  return Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6 ? x.toExponential(3) : x.toPrecision(4);
}

export function renderFormats(rows: readonly FormatRow[]): string {
  const table = compactTable([
    'name',
    'family',
    'bits',
    'bits/value',
    'block',
    'max',
    'min normal',
    'min subnormal',
    'NaN',
    '±Inf',
    '−0',
    'summary',
  ]);
  for (const r of rows) {
    table.push([
      r.name,
      r.family,
      r.bits,
      r.bitsPerValue,
      r.block === null ? '—' : `${r.block} (${r.scales.join(', ')})`,
      number(r.max),
      number(r.minNormal),
      number(r.minSubnormal),
      r.nan,
      r.infinity ? 'yes' : 'no',
      r.negativeZero ? 'yes' : 'no',
      r.summary,
    ]);
  }
  return table.toString();
}

/** One format's properties and, for scalar formats of at most 8 bits, every code's value. */
export function renderFormat(format: Format): string {
  const row = formatRow(format);
  const properties = compactTable();
  for (const [key, value] of Object.entries(row)) {
    properties.push({
      [key]: Array.isArray(value)
        ? value.join(', ') || '—'
        : typeof value === 'number'
          ? number(value)
          : String(value),
    });
  }
  const values = valueTable(format);
  if (!values) return properties.toString();
  const table = compactTable(['code', 'bits', 'value']);
  values.forEach((value, code) => {
    table.push([
      `0x${code.toString(16).padStart(2, '0')}`,
      code.toString(2).padStart(format.bits, '0'),
      Number.isNaN(value) ? 'NaN' : String(value),
    ]);
  });
  return `${properties.toString()}\n${table.toString()}`;
}

function valueTable(format: Format): Float32Array | undefined {
  return !format.block && format.bits <= 8 && format.values ? format.values() : undefined;
}

export function registerFormatsCommand(program: Command, io: Io): void {
  program
    .command('formats')
    .argument('[name]', 'show one format: its properties and, up to 8 bits, every code')
    .description('list every registered number format, or describe one')
    .option('--json', 'print JSON instead of a table')
    .action((name: string | undefined, options: { json?: boolean }) => {
      if (name !== undefined) {
        const format = getFormat(name);
        const values = valueTable(format);
        const json = {
          ...formatRow(format),
          ...(values ? { values: Array.from(values, (v) => (Number.isNaN(v) ? null : v)) } : {}),
        };
        io.stdout(
          options.json ? `${JSON.stringify(json, null, 2)}\n` : `${renderFormat(format)}\n`,
        );
        return;
      }
      const rows = listFormats().map(formatRow);
      io.stdout(
        options.json
          ? `${JSON.stringify(rows, null, 2)}\n`
          : `${renderFormats(rows)}\n${rows.length} formats\n`,
      );
    });
}
