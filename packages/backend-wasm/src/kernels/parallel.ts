/**
 * Splitting y [m, n] = f(x, W) by output columns over the kernels' threads: each part runs
 * the same export on a slice of W's rows into its own buffer, gathered afterwards.
 */
import type { Call } from '../threads/thread-pool.ts';
import type { Frame, WasmKernels } from '../wasm-module.ts';

/** Below this many multiply-adds a call stays on one thread (waking a worker costs ~10 µs). */
export const PARALLEL_WORK = 1 << 20;

/** `count` items in at most `parts` contiguous ranges, multiples of `align` but the last. */
export function partition(
  count: number,
  parts: number,
  align = 4,
): { start: number; count: number }[] {
  const step = Math.ceil(count / parts / align) * align;
  const ranges: { start: number; count: number }[] = [];
  for (let start = 0; start < count; start += step)
    ranges.push({ start, count: Math.min(step, count - start) });
  return ranges;
}

/**
 * y [m, n]: `call(start, count, y)` computes columns [start, start + count) into y (m × count,
 * row-major), reserving any scratch it needs from `frame`. `work` (multiply-adds) decides
 * whether to split.
 */
export function splitColumns(
  kernels: WasmKernels,
  frame: Frame,
  m: number,
  n: number,
  work: number,
  call: (start: number, count: number, y: number) => Call,
): Float32Array {
  const parts = partition(n, work >= PARALLEL_WORK ? kernels.threads : 1);
  const outputs = parts.map((part) => frame.reserve(m * part.count * 4));
  kernels.parallel(parts.map((part, t) => call(part.start, part.count, outputs[t]!)));
  if (parts.length === 1) return frame.floats(outputs[0]!, m * n).slice();
  const y = new Float32Array(m * n);
  parts.forEach((part, t) => {
    const values = frame.floats(outputs[t]!, m * part.count);
    for (let i = 0; i < m; i++)
      y.set(values.subarray(i * part.count, (i + 1) * part.count), i * n + part.start);
  });
  return y;
}
