/**
 * `lowbit eval --chart out.svg`: perplexity against bits/weight, one line per transform, drawn by
 * Vega-Lite compiled to Vega and rendered headless (`view.toSVG()`: Vega's SVG string renderer
 * needs no DOM or canvas in Node). Written atomically.
 */
import { writeFileAtomic } from '@lowbit/core/node';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { EvalOutcome } from './eval-run.ts';

export function chartSpec(title: string, outcome: EvalOutcome): TopLevelSpec {
  const values = outcome.rows.map((r) => ({
    format: r.format,
    transform: r.transform,
    bitsPerWeight: r.bitsPerWeight,
    perplexity: r.perplexity,
  }));
  const x = {
    field: 'bitsPerWeight',
    type: 'quantitative' as const,
    title: 'bits/weight',
    scale: { type: 'log' as const, base: 2 },
  };
  const y = {
    field: 'perplexity',
    type: 'quantitative' as const,
    title: 'perplexity',
    scale: { zero: false },
  };
  const color = { field: 'transform', type: 'nominal' as const, title: 'transform' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${title}: perplexity against bits/weight (${outcome.protocol} protocol)`,
    width: 640,
    height: 400,
    data: { values },
    layer: [
      {
        mark: { type: 'line', point: true },
        encoding: { x, y, color, order: { field: 'bitsPerWeight' } },
      },
      {
        mark: { type: 'text', align: 'left', dx: 5, dy: -5, fontSize: 10 },
        encoding: { x, y, color, text: { field: 'format' } },
      },
    ],
  };
}

export async function renderChart(title: string, outcome: EvalOutcome): Promise<string> {
  const view = new View(parse(compile(chartSpec(title, outcome)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function writeChart(path: string, title: string, outcome: EvalOutcome): Promise<void> {
  await writeFileAtomic(path, new TextEncoder().encode(await renderChart(title, outcome)));
}
