// BENCHMARKS.md as data: one section per suite between stable markers (so `--merge` can
// replace one and keep the rest), and the ratio cells read back (so `--compare` can flag a
// ratio that fell). Pure string functions; run.mjs does the I/O.

const open = (name) => `<!-- bench:${name} -->`;
const close = (name) => `<!-- /bench:${name} -->`;
const markerPattern = /<!-- bench:([\w-]+) -->\n([\s\S]*?)\n<!-- \/bench:\1 -->/g;

/** One suite's section, wrapped in its markers. */
export const section = (name, body) => `${open(name)}\n${body.trimEnd()}\n${close(name)}`;

/** The marked sections of a report, in file order: Map name → section text with markers. */
export function parseSections(text) {
  const sections = new Map();
  for (const match of text.matchAll(markerPattern)) sections.set(match[1], match[0]);
  return sections;
}

/**
 * A report of `header` then one section per name in `order`: the fresh section where this run
 * measured it, else the one already in `existing` (a previous report's text), else nothing.
 */
export function mergeReport(header, order, existing, fresh) {
  const kept = parseSections(existing);
  const parts = [header.trimEnd()];
  for (const name of order) {
    const body = fresh.get(name) ?? kept.get(name);
    if (body) parts.push(body);
  }
  return `${parts.join('\n\n')}\n`;
}

const number = String.raw`(\d+(?:\.\d+)?)`;
const threeWay = new RegExp(String.raw`^${number}\s*/\s*${number}\s*/\s*${number}\s*×$`);
const single = new RegExp(String.raw`^${number}\s*×$`);

/** The median of a ratio cell: "1.1 / 1.2 / 1.4×" → 1.2, "3.11×" → 3.11, anything else null. */
export function parseRatioCell(text) {
  const cell = text.replaceAll('*', '').trim();
  const three = threeWay.exec(cell);
  if (three) return Number(three[2]);
  const one = single.exec(cell);
  return one ? Number(one[1]) : null;
}

const cells = (line) =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
const isSeparator = (line) => /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/.test(line.trim());

/**
 * Every ratio cell of a report: Map "section › row › column" → median ratio. Sections are
 * named by their marker; in a report written before markers, by `suiteOfTitle` (Map heading →
 * suite name) or else by their `## heading`.
 */
export function parseRatios(text, suiteOfTitle = new Map()) {
  const ratios = new Map();
  const marked = parseSections(text);
  const blocks =
    marked.size > 0
      ? [...marked].map(([name, body]) => [name, body])
      : text
          .split(/^## /m)
          .slice(1)
          .map((body) => {
            const heading = body.split('\n')[0].trim();
            return [suiteOfTitle.get(heading) ?? heading, body];
          });
  for (const [name, body] of blocks) {
    const lines = body.split('\n');
    for (let i = 1; i < lines.length; i++) {
      if (!isSeparator(lines[i]) || !lines[i - 1].trim().startsWith('|')) continue;
      const headers = cells(lines[i - 1]);
      for (let j = i + 1; j < lines.length && lines[j].trim().startsWith('|'); j++) {
        const row = cells(lines[j]);
        row.forEach((value, c) => {
          const median = c === 0 ? null : parseRatioCell(value);
          if (median !== null) ratios.set(`${name} › ${row[0]} › ${headers[c]}`, median);
        });
      }
    }
  }
  return ratios;
}

/**
 * Ratios in `fresh` that fell by more than `tolerance` (0.3 = 30%) against `baseline`, both
 * maps from parseRatios; keys in only one of them are listed, not judged.
 */
export function compareRatios(baseline, fresh, tolerance = 0.3) {
  const regressions = [];
  const unmatched = [];
  let compared = 0;
  for (const [key, after] of fresh) {
    const before = baseline.get(key);
    if (before === undefined) {
      unmatched.push(key);
      continue;
    }
    compared++;
    if (after < before * (1 - tolerance)) regressions.push({ key, before, after });
  }
  return { compared, regressions, unmatched };
}
