/**
 * f32 products with a few rows on the left (one token through a linear layer): W is read in
 * place — resident in linear memory when it is a tensor's storage, never packed — by the
 * streaming GEMV kernels (assembly/gemv-f32.ts), split over threads by output columns.
 */
import type { WasmKernels } from '../wasm-module.ts';
import { splitColumns } from './parallel.ts';

/**
 * Products with at most this many rows of x take the GEMV kernels, whose cost is one pass
 * over W; more rows take the tiled matmul, which packs B once per call and reuses it per tile.
 */
export const GEMV_MAX_ROWS = 4;

/** An f32 right operand as stored. */
export interface FloatWeight {
  data: Float32Array;
  /** 'rows': [n, k] row-major (linear's W, matmul's transposed B); 'columns': [k, n]. */
  layout: 'rows' | 'columns';
  /** The tensor's storage, to keep resident; absent for temporaries (decoded weights). */
  storage?: Uint8Array | undefined;
}

/** y [m×n] = x·W for x [m×k] row-major. */
export function gemvFloat(
  kernels: WasmKernels,
  x: Float32Array,
  w: FloatWeight,
  m: number,
  n: number,
  k: number,
): Float32Array {
  if (m === 0 || n === 0) return new Float32Array(m * n);
  const resident = w.storage && kernels.place(w.storage);
  const frame = kernels.frame();
  const px = frame.put(x);
  const pw = resident ?? frame.put(w.data);
  return splitColumns(kernels, frame, m, n, m * n * k, (start, count, y) =>
    w.layout === 'rows'
      ? { fn: 'gemvF32', args: [px, pw + start * k * 4, y, m, count, k] }
      : { fn: 'gemvF32Columns', args: [px, pw + start * 4, y, m, count, k, n] },
  );
}

/** x [m×k] row-major from its transposed storage [k×m] (x is small: a few rows). */
export function untranspose(xT: Float32Array, m: number, k: number): Float32Array {
  const x = new Float32Array(m * k);
  for (let p = 0; p < k; p++) for (let i = 0; i < m; i++) x[i * k + p] = xT[p * m + i]!;
  return x;
}
