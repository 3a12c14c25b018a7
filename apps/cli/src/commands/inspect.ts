/** `lowbit inspect FILE [--json] [--tensors]`: container, metadata summary, tensors, totals. */

import { openModel } from '@lowbit/models/node';
import type { Command } from 'commander';
import type { Io } from '../io.ts';
import { compactTable } from '../table.ts';

export function registerInspectCommand(program: Command, io: Io): void {
  program
    .command('inspect')
    .argument('<file>', 'a .gguf, .safetensors or llama2.c .bin file')
    .description('show a model file’s container, metadata summary, tensors and totals')
    .option('--json', 'print JSON')
    .option('--tensors', 'list every tensor (name, shape, format, bytes, bits/weight)')
    .action(async (path: string, flags: { json?: boolean; tensors?: boolean }) => {
      const model = await openModel(path);
      try {
        const rows = model.tensors.map((t) => {
          const count = t.shape.reduce((a, b) => a * b, 1);
          return {
            ...t,
            format: undefined,
            values: count,
            bitsPerWeight: count ? (t.bytes * 8) / count : 0,
          };
        });
        const values = rows.reduce((s, r) => s + r.values, 0);
        const bytes = rows.reduce((s, r) => s + r.bytes, 0);
        const byType = new Map<string, { tensors: number; values: number; bytes: number }>();
        for (const r of rows) {
          const entry = byType.get(r.type) ?? { tensors: 0, values: 0, bytes: 0 };
          entry.tensors++;
          entry.values += r.values;
          entry.bytes += r.bytes;
          byType.set(r.type, entry);
        }
        const totals = {
          tensors: rows.length,
          values,
          bytes,
          bitsPerWeight: values ? (bytes * 8) / values : 0,
        };
        if (flags.json) {
          const tensors = rows.map(({ format: _format, ...r }) => r);
          io.stdout(
            `${JSON.stringify({ container: model.container, summary: model.summary, totals, types: Object.fromEntries(byType), tensors }, null, 2)}\n`,
          );
          return;
        }
        const summary = compactTable();
        summary.push(
          { container: model.container },
          ...Object.entries(model.summary).map(([k, v]) => ({ [k]: String(v) })),
        );
        summary.push(
          { tensors: String(totals.tensors) },
          { values: String(values) },
          { bytes: String(bytes) },
          { 'bits/weight': totals.bitsPerWeight.toFixed(3) },
        );
        const types = compactTable(['format', 'tensors', 'values', 'bytes', 'bits/weight']);
        for (const [type, e] of byType)
          types.push([
            type,
            e.tensors,
            e.values,
            e.bytes,
            ((e.bytes * 8) / Math.max(1, e.values)).toFixed(3),
          ]);
        let text = `${summary.toString()}\n${types.toString()}\n`;
        if (flags.tensors) {
          const list = compactTable(['name', 'shape', 'format', 'bytes', 'bits/weight']);
          for (const r of rows)
            list.push([r.name, r.shape.join('×'), r.type, r.bytes, r.bitsPerWeight.toFixed(3)]);
          text += `${list.toString()}\n`;
        }
        io.stdout(text);
      } finally {
        await model.close();
      }
    });
}
