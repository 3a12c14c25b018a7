// Statistics that survive a shared machine: each task runs in short bursts, several rounds
// interleaved with its peer. Noise only ever adds time, so the best burst estimates the
// undisturbed cost; the median and its spread say how disturbed the run was. A ratio is taken
// per round (both sides measured minutes apart at most) and reported as min / median / max.

/** The q-quantile (0…1) of numbers, linear between order statistics. */
export function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

export const median = (values) => quantile(values, 0.5);

/**
 * Times (ms per call, one per burst): the best, the median, and the spread as half the
 * interquartile range relative to the median (0.04 = ±4%).
 */
export function summarize(times) {
  const mid = median(times);
  return {
    best: Math.min(...times),
    median: mid,
    spread: (quantile(times, 0.75) - quantile(times, 0.25)) / 2 / mid,
  };
}

/**
 * Per-round ratios peer/ours of the best burst in each round (> 1 means ours is faster), as
 * min / median / max. `peerRounds` and `ourRounds` hold one array of burst times per round.
 */
export function roundRatios(peerRounds, ourRounds) {
  const ratios = peerRounds.map((peer, r) => Math.min(...peer) / Math.min(...ourRounds[r]));
  return { min: Math.min(...ratios), median: median(ratios), max: Math.max(...ratios) };
}

/** A target on a ratio holds only if it holds in every round: judged on the minimum. */
export const ratioMeets = (stats, goal) => stats.min >= goal;

const digits = (x) => (x < 10 ? 2 : 1);

/** "1.10 / 1.23 / 1.40×" (min / median / max over rounds). */
export function formatRatio({ min, median: mid, max }) {
  if (![min, mid, max].every(Number.isFinite)) return '—';
  return `${min.toFixed(digits(min))} / ${mid.toFixed(digits(mid))} / ${max.toFixed(digits(max))}×`;
}
