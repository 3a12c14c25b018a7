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
 * y [m, n] at `y`: `call(start, count, out)` computes columns [start, start + count) into out
 * (m × count, row-major), reserving any scratch it needs from `frame`. `work` (multiply-adds)
 * decides whether to split. One part, or one row, writes straight into y; otherwise each part
 * writes its own scratch, gathered into y's rows inside linear memory.
 */
export function splitColumns(
  kernels: WasmKernels,
  frame: Frame,
  m: number,
  n: number,
  work: number,
  y: number,
  call: (start: number, count: number, out: number) => Call,
): void {
  const parts = partition(n, work >= PARALLEL_WORK ? kernels.threads : 1);
  const direct = parts.length === 1 || m === 1;
  const outputs = parts.map((part) =>
    direct ? y + part.start * 4 : frame.reserve(m * part.count * 4),
  );
  kernels.parallel(parts.map((part, t) => call(part.start, part.count, outputs[t]!)));
  if (direct) return;
  parts.forEach((part, t) => {
    for (let i = 0; i < m; i++)
      kernels.move(y + (i * n + part.start) * 4, outputs[t]! + i * part.count * 4, part.count * 4);
  });
}
