/**
 * Format explorer: one format's facts, value grid (log and linear number lines) and neighbour
 * spacing; a typed number rounded under each rounding mode; formats compared side by side.
 */
import { call } from '../client.ts';
import type { FormatFacts, FormatGrid } from '../protocol.ts';
import { type Cell, el, guarded, options, table } from '../ui/dom.ts';
import { numberLine, spacing } from '../ui/plots.ts';

const DEFAULT_FORMAT = 'fp8_e4m3fn';
const DEFAULT_COMPARE = 'fp8_e4m3fn, fp8_e5m2, int8, posit8_es1';

function factRows(f: FormatFacts): [string, Cell][] {
  return [
    ['family', f.family],
    ['bits', f.bits],
    ['bits per value', f.bitsPerValue],
    ['block', f.block],
    ['max', f.max],
    ['min normal', f.minNormal],
    ['min subnormal', f.minSubnormal],
    ['epsilon', f.epsilon],
    ['NaN', f.nan],
    ['±Inf', f.infinity],
    ['−0', f.negativeZero],
    ['rounding modes', f.roundingModes.join(', ')],
  ];
}

function gridNote(grid: FormatGrid): string {
  if (grid.grid.length === 0) return 'No value grid: the format has too many codes to list.';
  const kind = grid.relative
    ? 'values of an element in a block whose largest |x| is 1'
    : 'non-negative finite values';
  return `${grid.grid.length} ${kind}.`;
}

export function formatExplorer(root: HTMLElement, formats: readonly FormatFacts[]): void {
  const select = el('select', { id: 'format', 'aria-label': 'format' });
  options(
    select,
    formats.map((f) => f.name),
    DEFAULT_FORMAT,
  );
  const facts = el('div', { class: 'panel' });
  const value = el('input', {
    id: 'value',
    type: 'number',
    step: 'any',
    value: '0.3',
    'aria-label': 'number to round',
  });
  const rounding = el('div', { class: 'panel' });
  const compareInput = el('input', {
    id: 'compare',
    type: 'text',
    value: DEFAULT_COMPARE,
    'aria-label': 'formats to compare',
  });
  const compared = el('div', { class: 'panel' });

  root.replaceChildren(
    el('h2', {}, 'Format explorer'),
    el('section', {}, el('label', {}, 'Format ', select), facts),
    el('section', {}, el('h3', {}, 'Round a number'), el('label', {}, 'x = ', value), rounding),
    el(
      'section',
      {},
      el('h3', {}, 'Compare formats'),
      el('label', {}, 'Formats (comma-separated) ', compareInput),
      compared,
    ),
  );

  const compareList = () =>
    compareInput.value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);

  const showFormat = () =>
    guarded(facts, async () => {
      const grid = await call('format', { name: select.value });
      const series = [{ format: grid.facts.name, grid: grid.grid }];
      facts.replaceChildren(
        el('p', { class: 'summary' }, grid.facts.summary),
        table(['property', 'value'], factRows(grid.facts), 'format-facts'),
        el('p', {}, gridNote(grid)),
        ...(grid.grid.length
          ? [
              el('h4', {}, 'Number line (log)'),
              numberLine(facts, series, 'log'),
              el('h4', {}, 'Number line (linear)'),
              numberLine(facts, series, 'linear'),
              el('h4', {}, 'Spacing between neighbours'),
              spacing(facts, series),
            ]
          : []),
      );
    });

  const showRounding = () =>
    guarded(rounding, async () => {
      const x = Number(value.value);
      const names = [...new Set([select.value, ...compareList()])];
      const rows = await call('round', { formats: names, value: x });
      rounding.replaceChildren(
        table(
          ['format', 'rounding', 'bits', 'value', 'error', 'relative error'],
          rows.map((r) => [
            r.format,
            r.mode,
            r.bits,
            r.value,
            r.error,
            x === 0 ? null : Math.abs(r.error / x),
          ]),
          'rounding',
        ),
      );
    });

  const showCompare = () =>
    guarded(compared, async () => {
      const grids = await Promise.all(compareList().map((name) => call('format', { name })));
      const keys = factRows(grids[0]!.facts).map(([k]) => k);
      const columns = grids.map((g) => factRows(g.facts).map(([, v]) => v));
      const series = grids.map((g) => ({ format: g.facts.name, grid: g.grid }));
      compared.replaceChildren(
        table(
          ['property', ...grids.map((g) => g.facts.name)],
          keys.map((k, i) => [k, ...columns.map((c) => c[i]!)]),
          'compare-facts',
        ),
        el('h4', {}, 'Number lines (log)'),
        numberLine(compared, series, 'log'),
        el('h4', {}, 'Spacing between neighbours'),
        spacing(compared, series),
      );
    });

  select.addEventListener('change', () => void showFormat().then(showRounding));
  value.addEventListener('change', () => void showRounding());
  compareInput.addEventListener('change', () => void showCompare().then(showRounding));
  void showFormat().then(showRounding).then(showCompare);
}
