/**
 * f32 products with a few rows on the left (one token through a linear layer): W is read in
 * place — a tensor's storage in linear memory, never packed — by the
 * streaming GEMV kernels (assembly/gemv-f32.ts), split over threads by output columns.
 */
import type { Frame, WasmKernels } from '../wasm-module.ts';
import { splitColumns } from './parallel.ts';

/**
 * Products with at most this many rows of x take the GEMV kernels, whose cost is one pass
 * over W; more rows take the tiled matmul, which packs B once per call and reuses it per tile.
 */
export const GEMV_MAX_ROWS = 4;

/**
 * y [m×n] at `y` = x·W for x [m×k] row-major at `x`; W at `w` is [n, k] row-major ('rows':
 * linear's W, matmul's transposed B) or [k, n] ('columns').
 */
export function gemvFloat(
  kernels: WasmKernels,
  frame: Frame,
  x: number,
  w: { at: number; layout: 'rows' | 'columns' },
  [m, n, k]: readonly [number, number, number],
  y: number,
): void {
  if (m === 0 || n === 0) return;
  splitColumns(kernels, frame, m, n, m * n * k, y, (start, count, out) =>
    w.layout === 'rows'
      ? { fn: 'gemvF32', args: [x, w.at + start * k * 4, out, m, count, k] }
      : { fn: 'gemvF32Columns', args: [x, w.at + start * 4, out, m, count, k, n] },
  );
}

/** x [m×k] row-major, in a scratch block, from its transposed form [k×m] at `xT` (a few rows). */
export function untranspose(frame: Frame, xT: number, m: number, k: number): number {
  const x = frame.reserve(m * k * 4);
  const [from, to] = [frame.floats(xT, m * k), frame.floats(x, m * k)];
  for (let p = 0; p < k; p++) for (let i = 0; i < m; i++) to[i * k + p] = from[p * m + i]!;
  return x;
}
