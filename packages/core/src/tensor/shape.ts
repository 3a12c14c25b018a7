/** Shape arithmetic shared by ops (validation) and kernels (output shapes). */
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';

export type Shape = readonly number[];

export function checkShape(shape: Shape): void {
  for (const d of shape) {
    if (!(Number.isSafeInteger(d) && d >= 0)) {
      throw new LowbitError(
        ErrorCode.Shape,
        `Shape [${shape.join(', ')}] is invalid: every dimension must be a non-negative integer.`,
      );
    }
  }
}

export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** NumPy broadcasting of two shapes; throws E_SHAPE when they do not broadcast. */
export function broadcastShapes(a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new LowbitError(
        ErrorCode.Shape,
        `Shapes [${a.join(', ')}] and [${b.join(', ')}] do not broadcast (dimension ${i}: ${da} vs ${db}).`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** [M, N] of op(A)·op(B) for 2-D operands, after the transposes. */
export function matmulShape(
  a: Shape,
  b: Shape,
  transposeA = false,
  transposeB = false,
): [number, number] {
  if (a.length !== 2 || b.length !== 2) {
    throw new LowbitError(
      ErrorCode.Shape,
      `matmul takes 2-D operands, got [${a.join(', ')}] and [${b.join(', ')}]; reshape batches into rows.`,
    );
  }
  const [m, ka] = transposeA ? [a[1]!, a[0]!] : [a[0]!, a[1]!];
  const [kb, n] = transposeB ? [b[1]!, b[0]!] : [b[0]!, b[1]!];
  if (ka !== kb) {
    throw new LowbitError(
      ErrorCode.Shape,
      `matmul inner dimensions differ: A is ${m}×${ka}, B is ${kb}×${n}${transposeA || transposeB ? ' (after transposes)' : ''}.`,
    );
  }
  return [m, n];
}
