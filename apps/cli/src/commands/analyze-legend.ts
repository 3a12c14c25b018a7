/** The words around `lowbit analyze`'s tables: legend lines and skip reasons, for both modes. */
import type { SkippedCombination } from '@lowbit/quant';

const LEGEND: Record<string, string> = {
  'bits/value nominal':
    'the format’s storage per value when rows fill whole blocks or groups (block and group scales included; per-channel and per-tensor scales left out)',
  'bits/value effective':
    'what was actually stored per value: codes, every scale and zero point, and the padding of a row’s last partial block (q4_K pads a 64-value row to a 256-value block: 18 bits)',
  'rel MSE':
    'Σ‖W − Ŵ‖² / Σ‖W‖² over the tensors compared, measured after undoing the transform (lower is better)',
  'SQNR dB': '−10·log10(rel MSE), in decibels (higher is better)',
  cosine: 'cosine similarity of W and Ŵ',
  'max |err|': 'largest |W − Ŵ|',
  KL: 'KL divergence between 256-bin histograms of W and Ŵ',
  tensors: '2-D weights the row could take',
  skipped: 'weights whose row length the format’s group or the transform does not fit',
  'skipped because': 'the reason, with how many weights it applies to',
};

/** "Legend:" and one aligned line per column named. */
export function renderLegend(columns: readonly string[]): string {
  const width = Math.max(...columns.map((c) => c.length));
  return `Legend:\n${columns.map((c) => `  ${c.padEnd(width)}  ${LEGEND[c] ?? ''}`).join('\n')}\n`;
}

/** The first clause of an E_SHAPE message ("Group size 32 must divide the last axis (172)"). */
export function shortReason(reason: string): string {
  return reason.split(/[;:]/)[0]!.trim();
}

/** "5× reason; 32× other reason", most frequent first. */
export function countReasons(reasons: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(shortReason(r), (counts.get(shortReason(r)) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([r, n]) => `${n}× ${r}`)
    .join('; ');
}

/** One "skipped: F × T: reason" line per combination the tensor could not take. */
export function renderSkipped(skipped: readonly SkippedCombination[]): string {
  return skipped
    .map((s) => `skipped: ${s.format} × ${s.transform}: ${shortReason(s.reason)}\n`)
    .join('');
}
