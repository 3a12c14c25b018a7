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

/** A matmul's sizes: `batch` products of [m×k]·[k×n]; a stride of 0 repeats a batch-1 operand. */
export interface MatmulDims {
  batch: number;
  m: number;
  k: number;
  n: number;
  /** Elements between consecutive batches of A (0: A is shared by every batch). */
  strideA: number;
  strideB: number;
  /** The result's shape: [m, n], or [batch, m, n] when either operand is 3-D. */
  shape: number[];
}

/** Sizes of op(A)·op(B) for 2-D or batched 3-D operands (transposes on the last two axes). */
export function matmulDims(a: Shape, b: Shape, transposeA = false, transposeB = false): MatmulDims {
  const ranks = [a.length, b.length];
  if (ranks.some((r) => r !== 2 && r !== 3)) {
    throw new LowbitError(
      ErrorCode.Shape,
      `matmul takes 2-D or batched 3-D operands, got [${a.join(', ')}] and [${b.join(', ')}]; ` +
        'reshape the leading axes into one batch axis.',
    );
  }
  const [m, n] = matmulShape(a.slice(-2), b.slice(-2), transposeA, transposeB);
  const k = transposeA ? a.at(-2)! : a.at(-1)!;
  const batchA = a.length === 3 ? a[0]! : 1;
  const batchB = b.length === 3 ? b[0]! : 1;
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) {
    throw new LowbitError(
      ErrorCode.Shape,
      `matmul batches differ: [${a.join(', ')}] has ${batchA}, [${b.join(', ')}] has ${batchB} ` +
        '(equal, or 1 on one side to broadcast).',
    );
  }
  const batch = batchA === 1 ? batchB : batchA;
  return {
    batch,
    m,
    k,
    n,
    strideA: batchA === 1 ? 0 : m * k,
    strideB: batchB === 1 ? 0 : k * n,
    shape: a.length === 3 || b.length === 3 ? [batch, m, n] : [m, n],
  };
}

/** `shape` with its one −1 inferred so it holds `size` elements; E_SHAPE when it cannot. */
export function inferShape(shape: Shape, size: number): number[] {
  const fail = (why: string): never => {
    throw new LowbitError(
      ErrorCode.Shape,
      `Cannot reshape ${size} elements to [${shape.join(', ')}]: ${why}.`,
    );
  };
  const free = shape.flatMap((d, i) => (d === -1 ? [i] : []));
  if (free.length > 1) fail('only one dimension may be −1');
  const out = [...shape];
  if (free.length === 1) {
    out[free[0]!] = 1;
    const known = sizeOf(out);
    if (known === 0 || size % known !== 0) fail(`${size} is not a multiple of ${known}`);
    out[free[0]!] = size / known;
  }
  checkShape(out);
  if (sizeOf(out) !== size) fail(`that shape holds ${sizeOf(out)}`);
  return out;
}
