/**
 * Tensor lab computations: each transform's histogram, @lowbit/quant's metrics for every format
 * × transform (the same `analyzeCovered` call `lowbit analyze` makes), QSUR per transform, and a
 * pooled map of |x − q(x)|.
 */
import {
  analyzeCovered,
  dequantize,
  parseFormatSpec,
  parseTransformSpec,
  qsur,
  quantize,
} from '@lowbit/quant';
import type { MetricsRow, TensorLabResult } from '../protocol.ts';

/** Values per histogram sent to the page. */
export const SAMPLE = 8192;
/** Cells per side of the error map at most. */
export const MAP_SIDE = 64;
export const QSUR_MAX_COLS = 128;

function sample(values: Float32Array): number[] {
  const step = Math.max(1, Math.floor(values.length / SAMPLE));
  const out: number[] = [];
  for (let i = 0; i < values.length && out.length < SAMPLE; i += step) out.push(values[i]!);
  return out;
}

function transformed(values: Float32Array, cols: number, rows: number, spec: string): Float32Array {
  const copy = values.slice();
  parseTransformSpec(spec).apply(copy, cols, rows);
  return copy;
}

/** Max-pools |a − b| over a rows × cols grid into at most MAP_SIDE × MAP_SIDE cells. */
function errorMap(a: Float32Array, b: Float32Array, rows: number, cols: number) {
  const outRows = Math.min(rows, MAP_SIDE);
  const outCols = Math.min(cols, MAP_SIDE);
  const cells = new Array<number>(outRows * outCols).fill(0);
  for (let r = 0; r < rows; r++) {
    const cr = Math.floor((r * outRows) / rows);
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const cell = cr * outCols + Math.floor((c * outCols) / cols);
      cells[cell] = Math.max(cells[cell]!, Math.abs(a[i]! - b[i]!));
    }
  }
  return { rows: outRows, cols: outCols, cells };
}

export function tensorLab(
  values: Float32Array,
  shape: [number, number],
  transforms: readonly string[],
  formats: readonly string[],
): TensorLabResult {
  const [rows, cols] = shape;
  const transformed_ = transforms.map((t) => ({ t, x: transformed(values, cols, rows, t) }));
  const qsurOf = new Map(transformed_.map(({ t, x }) => [t, qsurOrNaN(x, rows, cols)]));
  const { reports, skipped } = analyzeCovered(
    values,
    shape,
    formats.map(parseFormatSpec),
    transforms.map(parseTransformSpec),
  );
  const metrics: MetricsRow[] = reports.map((r) => ({
    format: r.format,
    transform: r.transform,
    relativeMse: r.relativeMse,
    sqnrDb: r.sqnrDb,
    cosine: r.cosine,
    klDivergence: r.klDivergence,
    qsur: qsurOf.get(r.transform) ?? Number.NaN,
    bitsPerValue: r.bitsPerValue,
  }));
  const first = formats[0];
  let map: TensorLabResult['errorMap'] = null;
  if (first !== undefined) {
    const spec = parseFormatSpec(first);
    try {
      const approx = dequantize(quantize(values, shape, spec.format, spec.options));
      map = { format: first, ...errorMap(values, approx, rows, cols) };
    } catch {
      map = null; // the format does not fit the shape: `skipped` says why
    }
  }
  return {
    shape,
    histograms: transformed_.map(({ t, x }) => ({ transform: t, values: sample(x) })),
    metrics,
    skipped,
    errorMap: map,
  };
}

/** QSUR (an eigen-decomposition of the cols × cols covariance) up to QSUR_MAX_COLS columns; NaN beyond. */
function qsurOrNaN(x: Float32Array, rows: number, cols: number): number {
  if (rows < 2 || cols > QSUR_MAX_COLS) return Number.NaN;
  return qsur(x, rows, cols);
}
