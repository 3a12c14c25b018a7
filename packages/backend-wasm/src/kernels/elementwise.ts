/**
 * add and mul on wasm with NumPy broadcasting (assembly/elementwise.ts): operands read where
 * they live, the output's last axis one SIMD loop, outer axes walked by strides.
 */
import { broadcastStrides } from '@lowbit/backend-cpu';
import {
  Add,
  broadcastShapes,
  type KernelConfig,
  Mul,
  type Shape,
  sizeOf,
  type Tensor,
} from '@lowbit/core';
import type { WasmBackend } from '../wasm-backend.ts';
import type { WasmContext } from './row-kernel.ts';

const sameShape = (a: Shape, b: Shape) => a.length === b.length && a.every((d, i) => d === b[i]);

/** The walk's int32 table: sizes, a's strides, b's strides, and room for the index. */
function walk(a: Shape, b: Shape, out: Shape): number[] {
  // Same shapes (the common case): one flat row, no strides to work out.
  if (sameShape(a, b)) return [Math.max(1, sizeOf(out)), 1, 1, 0];
  // A scalar output is one row of one element.
  const shape = out.length === 0 ? [1] : out;
  const pad = (s: Shape) => (out.length === 0 ? [1] : s);
  return [
    ...shape,
    ...broadcastStrides(pad(a), shape),
    ...broadcastStrides(pad(b), shape),
    ...shape.map(() => 0),
  ];
}

function binaryConfig<O extends typeof Add | typeof Mul>(
  op: O,
  code: 0 | 1,
): KernelConfig<O, WasmBackend> {
  return {
    op: op as KernelConfig<O, WasmBackend>['op'],
    backend: 'wasm',
    fn([a, b]: readonly Tensor[], _attrs: object, context: WasmContext): Tensor {
      const { backend } = context;
      const { kernels } = backend;
      const shape = broadcastShapes(a!.shape, b!.shape);
      const table = walk(a!.shape, b!.shape, shape);
      const [pa, pb] = [backend.ptr(a!), backend.ptr(b!)];
      return backend.output(context, shape, (y) =>
        kernels.call((frame) =>
          kernels.exports.binary(code, pa, pb, y, table.length / 4, frame.putInts(table)),
        ),
      );
    },
  };
}

export const addConfig = binaryConfig(Add, 0);
export const mulConfig = binaryConfig(Mul, 1);
