/**
 * Elementwise binary ops with NumPy broadcasting, shared by add and mul (as tfjs-backend-cpu's
 * binary_impl): a same-shape fast path, then a general strided walk over the output.
 */
import { broadcastShapes, type Shape, sizeOf, type Tensor } from '@lowbit/core';
import { type CpuContext, floatResult } from '../kernel-helpers.ts';

export type BinaryFn = (a: number, b: number) => number;

/** Element strides of `shape` right-aligned to `out`; broadcast dimensions get 0. */
export function broadcastStrides(shape: Shape, out: Shape): number[] {
  const strides = new Array<number>(out.length).fill(0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const outAxis = out.length - shape.length + i;
    strides[outAxis] = shape[i] === 1 ? 0 : stride;
    stride *= shape[i]!;
  }
  return strides;
}

export function broadcastBinary(
  a: Float32Array,
  aShape: Shape,
  b: Float32Array,
  bShape: Shape,
  fn: BinaryFn,
): { values: Float32Array; shape: number[] } {
  const shape = broadcastShapes(aShape, bShape);
  const size = sizeOf(shape);
  const out = new Float32Array(size);
  if (a.length === size && b.length === size) {
    for (let i = 0; i < size; i++) out[i] = fn(a[i]!, b[i]!);
    return { values: out, shape };
  }
  if (b.length === 1 && a.length === size) {
    const bv = b[0]!;
    for (let i = 0; i < size; i++) out[i] = fn(a[i]!, bv);
    return { values: out, shape };
  }
  const sa = broadcastStrides(aShape, shape);
  const sb = broadcastStrides(bShape, shape);
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  let ia = 0;
  let ib = 0;
  for (let i = 0; i < size; i++) {
    out[i] = fn(a[ia]!, b[ib]!);
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]!++;
      ia += sa[axis]!;
      ib += sb[axis]!;
      if (index[axis]! < shape[axis]!) break;
      ia -= sa[axis]! * shape[axis]!;
      ib -= sb[axis]! * shape[axis]!;
      index[axis] = 0;
    }
  }
  return { values: out, shape };
}

export function binaryKernel(fn: BinaryFn) {
  return (inputs: readonly Tensor[], _attrs: object, context: CpuContext): Tensor => {
    const [ta, tb] = inputs as [Tensor, Tensor];
    const { values, shape } = broadcastBinary(
      context.backend.floats(ta),
      ta.shape,
      context.backend.floats(tb),
      tb.shape,
      fn,
    );
    return floatResult(context, values, shape);
  };
}
