/** LLM.int8() linear: detected and kept outlier columns, detection off, K not a multiple of 32. */
import { Int8Linear, type Int8LinearAttrs, int8Linear } from '@lowbit/core';
import type { ConformanceCase, Operand, OpFamily, Tolerance } from '../case.ts';
import { caseId } from '../describe-case.ts';
import { integers, operand, uniform } from '../inputs.ts';

const TOLERANCE: Tolerance = {
  kind: 'relative',
  bound: 1e-6,
  reason: 'int8 × int8 dot products are exact; only scale products and f32 sums are rounded',
};

/** x [m, k] with column 5 holding one |x| ≥ 6 (an outlier the threshold detects). */
function activations(m: number, k: number, seed: number): Operand {
  const values = uniform(m * k, seed, 2);
  values[5] = 7.5;
  return { format: 'f32', shape: [m, k], values };
}

function operands(m: number, n: number, k: number, kept: number): Operand[] {
  const list: Operand[] = [
    activations(m, k, 1),
    { format: 'int8', shape: [n, k], values: integers(n * k, 2, -127, 127) },
    { format: 'f32', shape: [n, 1], values: uniform(n, 3, 0.02).map(Math.abs) },
  ];
  if (kept > 0) list.push(operand('f32', [n, kept], 4, 0.5));
  return list;
}

function make(list: Operand[], attrs: Int8LinearAttrs, note: string): ConformanceCase {
  return {
    id: caseId(Int8Linear, list, note),
    op: Int8Linear,
    attrs,
    operands: list,
    tolerance: TOLERANCE,
  };
}

export const int8LinearFamily: OpFamily = {
  ops: [Int8Linear],
  cases({ formats }) {
    const key = formats?.join();
    if (key === 'f32,int8,f32')
      return [
        make(operands(3, 6, 64, 0), {}, 'detected outlier column'),
        make(operands(2, 5, 40, 0), { threshold: Number.POSITIVE_INFINITY }, 'K=40, detection off'),
      ];
    if (key === 'f32,int8,f32,f32')
      return [make(operands(3, 6, 64, 2), { columns: [3, 10] }, 'kept columns 3 and 10')];
    return [];
  },
  badInput: () => [
    {
      id: 'int8-linear: f32 weights',
      op: Int8Linear,
      codes: ['E_KERNEL_MISSING'],
      operands: [operand('f32', [2, 32], 1), operand('f32', [3, 32], 2), operand('f32', [3, 1], 3)],
      attrs: {},
    },
    {
      id: 'int8-linear: scales 3×2 instead of 3×1',
      op: Int8Linear,
      codes: ['E_SHAPE'],
      operands: [
        operand('f32', [2, 32], 1),
        operand('int8', [3, 32], 2),
        operand('f32', [3, 2], 3),
      ],
      attrs: {},
    },
  ],
  invoke: (_op, [x, w, s, kept], attrs) => int8Linear(x!, w!, s!, kept, attrs as Int8LinearAttrs),
};
