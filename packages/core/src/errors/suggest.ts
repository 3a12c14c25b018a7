/** Levenshtein distance, two-row dynamic programme. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let curr = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      curr[j] = Math.min(prev[j]! + 1, curr[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, curr] = [curr, prev];
  }
  return prev[b.length]!;
}

/**
 * The candidates closest to `name` (case-insensitive edit distance, with names that contain
 * the query or are contained in it ranked first), at most `limit` of them.
 */
export function nearestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const query = name.toLowerCase();
  const scored: { name: string; score: number }[] = [];
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    const contains = lower.includes(query) || query.includes(lower);
    const distance = editDistance(query, lower);
    const threshold = Math.max(2, Math.ceil(Math.max(query.length, lower.length) / 2));
    if (contains || distance <= threshold) {
      scored.push({ name: candidate, score: contains ? distance / 10 : distance });
    }
  }
  scored.sort((x, y) => x.score - y.score || x.name.localeCompare(y.name));
  return scored.slice(0, limit).map((s) => s.name);
}

/** " Did you mean a, b or c?" or "" when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const near = nearestNames(name, candidates);
  if (near.length === 0) return '';
  const quoted = near.map((n) => `"${n}"`);
  const list =
    quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  return ` Did you mean ${list}?`;
}
