/**
 * Every plot of the playground, drawn with Observable Plot (see README for why): number lines,
 * neighbour spacing, histograms and heat maps. Widths follow the container, so the plots fit a
 * phone screen.
 */
import * as Plot from '@observablehq/plot';

function width(container: HTMLElement): number {
  return Math.max(300, Math.min(960, container.clientWidth || 640));
}

export interface GridSeries {
  format: string;
  grid: readonly number[];
}

/** Each format's non-negative values as ticks on one axis per format (log or linear). */
export function numberLine(
  container: HTMLElement,
  series: readonly GridSeries[],
  scale: 'log' | 'linear',
) {
  const data = series.flatMap(({ format, grid }) =>
    grid.filter((v) => scale === 'linear' || v > 0).map((value) => ({ format, value })),
  );
  return Plot.plot({
    width: width(container),
    height: 50 + 40 * series.length,
    marginLeft: 100,
    x: { type: scale, label: scale === 'log' ? 'value (log scale)' : 'value', grid: true },
    y: { label: null },
    marks: [Plot.tickX(data, { x: 'value', y: 'format', stroke: 'format', strokeOpacity: 0.7 })],
  });
}

/** Gap to the next representable value against the value, log–log. */
export function spacing(container: HTMLElement, series: readonly GridSeries[]) {
  const data = series.flatMap(({ format, grid }) =>
    grid
      .slice(0, -1)
      .flatMap((value, i) => (value > 0 ? [{ format, value, gap: grid[i + 1]! - value }] : [])),
  );
  return Plot.plot({
    width: width(container),
    height: 260,
    x: { type: 'log', label: 'value', grid: true },
    y: { type: 'log', label: 'gap to next value', grid: true },
    color: { legend: series.length > 1 },
    marks: [Plot.dot(data, { x: 'value', y: 'gap', stroke: 'format', r: 1.5 })],
  });
}

/** One histogram per transform, faceted vertically. */
export function histograms(
  container: HTMLElement,
  series: readonly { transform: string; values: readonly number[] }[],
) {
  const data = series.flatMap(({ transform, values }) =>
    values.map((value) => ({ transform, value })),
  );
  return Plot.plot({
    width: width(container),
    height: 40 + 110 * series.length,
    marginRight: 110,
    x: { label: 'value' },
    y: { label: 'count', grid: true },
    fy: { label: null, domain: series.map((s) => s.transform) },
    marks: [
      Plot.rectY(
        data,
        Plot.binX<Plot.RectYOptions>(
          { y: 'count' },
          { x: 'value', fy: 'transform', thresholds: 80, fill: 'steelblue' },
        ),
      ),
      Plot.ruleY([0]),
    ],
  });
}

export interface HeatCell {
  x: string | number;
  y: string | number;
  value: number | null;
}

/** A heat map of cells (log colour scale; missing cells left blank). */
export function heatmap(
  container: HTMLElement,
  cells: readonly HeatCell[],
  labels: { x: string; y: string; value: string },
  rows: number,
) {
  const present = cells.filter((c) => c.value !== null && c.value > 0);
  return Plot.plot({
    width: width(container),
    height: Math.min(900, 60 + 14 * rows),
    marginLeft: 150,
    marginBottom: 60,
    padding: 0,
    x: { label: labels.x, tickRotate: -30 },
    y: { label: labels.y },
    color: { type: 'log', scheme: 'viridis', legend: true, label: labels.value },
    marks: [Plot.cell(present, { x: 'x', y: 'y', fill: 'value', inset: 0.5, tip: true })],
  });
}

/** A rows × cols grid of values (row-major) as a raster with a log colour scale. */
export function raster(
  container: HTMLElement,
  map: { rows: number; cols: number; cells: readonly number[] },
  label: string,
) {
  const w = width(container);
  return Plot.plot({
    width: w,
    height: Math.max(160, Math.round((w * map.rows) / map.cols)),
    x: { label: 'column (pooled)' },
    y: { label: 'row (pooled)' },
    color: { type: 'symlog', scheme: 'magma', legend: true, label },
    marks: [
      Plot.raster(map.cells as number[], {
        width: map.cols,
        height: map.rows,
        x1: 0,
        y1: 0,
        x2: map.cols,
        y2: map.rows,
        fill: (d: number) => d,
        imageRendering: 'pixelated',
      }),
    ],
  });
}
