// Target lines under each table, judged on the numbers in it: a target holds only if it holds
// in every round, so a ratio target is judged on its minimum over rounds and an absolute one
// on its worst round (each round's best burst).
import { formatRatio, ratioMeets } from './stats.mjs';

const mark = (met) => (met ? '**met**' : '**missed**');

/** "- q4_0 vs ort ≥ 1×: 1.10 / 1.23 / 1.40× — **met** (min over rounds)". */
export function ratioVerdict(label, stats, goal, why = '') {
  const text = `- ${label} ≥ ${goal}×: `;
  if (!Number.isFinite(stats.min)) return `${text}not measured${why ? ` (${why})` : ''}`;
  return `${text}${formatRatio(stats)} — ${mark(ratioMeets(stats, goal))} (judged on the min)`;
}

/**
 * An absolute target on per-round values (already in the target's unit): `atMost` for costs
 * (ns per element), else a floor (rates). Judged on the worst round.
 */
export function valueVerdict(label, perRound, goal, unit, { atMost = false } = {}) {
  const worst = atMost ? Math.max(...perRound) : Math.min(...perRound);
  const met = atMost ? worst <= goal : worst >= goal;
  const sign = atMost ? '≤' : '≥';
  if (!Number.isFinite(worst)) return `- ${label} ${sign} ${goal} ${unit}: not measured`;
  return `- ${label} ${sign} ${goal} ${unit}: worst round ${worst.toFixed(3)} ${unit} — ${mark(met)}`;
}
