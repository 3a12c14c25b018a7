/** `lowbit eval`'s table: one row per format × transform, then the tensors each row kept. */
import { compactTable } from '../table.ts';
import type { EvalOutcome, EvalRow } from './eval-run.ts';

export const EVAL_COLUMNS = [
  'format',
  'transform',
  'bits/weight',
  'model size',
  'perplexity',
  'Δ vs f32',
  'KL vs f32',
  'top-1 agreement',
  'tok/s',
];

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

const signed = (x: number, digits: number) => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;

/** One line per row that kept tensors or skipped rotations: counts grouped by reason. */
function notes(rows: readonly EvalRow[]): string {
  const lines: string[] = [];
  const grouped = (items: { reason: string }[]) => {
    const counts = new Map<string, number>();
    for (const { reason } of items) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    return [...counts].map(([reason, n]) => `${n}× ${reason}`).join('; ');
  };
  for (const r of rows) {
    const kept = r.kept.filter((k) => !k.reason.startsWith('already '));
    if (kept.length) lines.push(`${r.format} × ${r.transform}: kept ${grouped(kept)}`);
    if (r.unrotated.length)
      lines.push(`${r.format} × ${r.transform}: not rotated ${grouped(r.unrotated)}`);
  }
  return lines.map((l) => `${l}\n`).join('');
}

export function renderEval(title: string, outcome: EvalOutcome): string {
  const table = compactTable(EVAL_COLUMNS);
  for (const r of outcome.rows)
    table.push([
      r.format,
      r.transform,
      r.bitsPerWeight.toFixed(3),
      formatBytes(r.bytes),
      r.perplexity.toFixed(4),
      `${signed(r.deltaPercent, 2)}%`,
      r.klMean.toExponential(3),
      `${(r.top1 * 100).toFixed(2)}%`,
      r.tokensPerSecond.toFixed(0),
    ]);
  return (
    `${title}: ${outcome.protocol} protocol, ${outcome.tokens} tokens scored per row; ` +
    `f32 perplexity ${outcome.reference.perplexity.toFixed(4)}\n${table.toString()}\n${notes(outcome.rows)}` +
    'bits/weight: stored bits per value of the embedding table and every linear, scales included. ' +
    'model size: every weight, norms included. KL vs f32: mean KL(f32 ‖ row) per scored position; ' +
    "top-1 agreement: positions whose most likely token is f32's (llama-perplexity --kl-divergence). " +
    'tok/s: tokens run through the model per second.\n'
  );
}
