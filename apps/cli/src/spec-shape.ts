/**
 * The `--shape` flag and what a format spec needs from it: one parser for `encode` and
 * `analyze`, and the rule that per-channel scales need rows.
 */

import { ErrorCode, LowbitError, sizeOf } from '@lowbit/core';
import type { FormatSpec } from '@lowbit/quant';
import { parseIntegerFlag } from './flags.ts';

export function parseShape(text: string, count: number): number[] {
  const shape = text.split(',').map((d) => parseIntegerFlag('--shape', d.trim(), { min: 1 }));
  if (sizeOf(shape) !== count) {
    throw new LowbitError(
      ErrorCode.Shape,
      `--shape ${shape.join('×')} holds ${sizeOf(shape)} values but the input has ${count}.`,
    );
  }
  return shape;
}

export function isPerChannel(spec: FormatSpec): boolean {
  return spec.options.granularity === 'channel';
}

/**
 * Per-channel scales are one per row: on data without rows (no --shape, or a 1-D one) they
 * would be one scale per value. Refuses such a spec with what to pass instead.
 */
export function requireRowsFor(spec: FormatSpec, shape: readonly number[] | undefined): void {
  if (!isPerChannel(spec) || (shape !== undefined && shape.length >= 2)) return;
  const name = spec.format;
  throw new LowbitError(
    ErrorCode.Usage,
    `"${spec.label}" has per-channel scales (one per row), which need rows: pass --shape ROWS,COLS${shape ? ` of rank 2 or more (got ${shape.join(',')})` : ''}, or use ${name}/tensor or ${name}/g32.`,
  );
}
