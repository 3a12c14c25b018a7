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

/** Counts by reason: "5× rows of 172 are not …; 1× getRows reads …". */
function grouped(items: readonly { reason: string }[]): string {
  const counts = new Map<string, number>();
  for (const { reason } of items) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts].map(([reason, n]) => `${n}× ${reason}`).join('; ');
}

/** Lines that gather `label`s under each distinct `key` (in first-seen order). */
function gather(
  entries: readonly { key: string; label: string }[],
  line: (key: string, labels: string[]) => string,
) {
  const byKey = new Map<string, string[]>();
  for (const { key, label } of entries) {
    const labels = byKey.get(key) ?? byKey.set(key, []).get(key)!;
    if (!labels.includes(label)) labels.push(label);
  }
  return [...byKey].map(([key, labels]) => `${line(key, labels)}\n`).join('');
}

/** What rows kept in their stored form (per format) and left unrotated (per transform), once each. */
function notes(rows: readonly EvalRow[]): string {
  const allFormats = new Set(rows.map((r) => r.format));
  const kept = rows.flatMap((r) => {
    const items = r.kept.filter((k) => !k.reason.startsWith('already '));
    return items.length ? [{ key: `${r.format}\u0000${grouped(items)}`, label: r.transform }] : [];
  });
  const unrotated = rows.flatMap((r) =>
    r.unrotated.length
      ? [{ key: `${r.transform}: not rotated ${grouped(r.unrotated)}`, label: r.format }]
      : [],
  );
  return (
    gather(kept, (key, transforms) => {
      const [format, reasons] = key.split('\u0000');
      return `${format} × ${transforms.join(', ')}: kept ${reasons}`;
    }) +
    gather(unrotated, (key, formats) =>
      formats.length === allFormats.size
        ? `${key} (every format)`
        : `${key} (${formats.join(', ')})`,
    )
  );
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
