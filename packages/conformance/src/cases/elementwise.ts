/** add and mul with NumPy broadcasting. */
import { Add, add, Mul, mul, type Shape } from '@lowbit/core';
import type { ConformanceCase, OpFamily, Tolerance } from '../case.ts';
import { makeCase } from '../describe-case.ts';
import { operand } from '../inputs.ts';

const EXACT: Tolerance = { kind: 'exact', reason: 'one f32 rounding per element, as on cpu' };

const SHAPES: [Shape, Shape, string][] = [
  [[3, 5], [3, 5], 'same shape'],
  [[4, 1, 3], [2, 3], 'both sides broadcast'],
  [[2, 7], [1], 'scalar-like right side'],
  [[1], [3, 1], 'left side broadcast'],
];

export const elementwiseFamily: OpFamily = {
  ops: [Add, Mul],
  cases({ op, formats }) {
    if (formats?.some((f) => f !== 'f32')) return [];
    return SHAPES.map(([a, b, note], i): ConformanceCase => {
      const operands = [operand('f32', a, 10 + i), operand('f32', b, 20 + i)];
      return makeCase(op, operands, {}, EXACT, note);
    });
  },
  badInput: (op) => [
    {
      id: `${op}: shapes 2×3 and 4 do not broadcast`,
      op,
      codes: ['E_SHAPE'],
      operands: [operand('f32', [2, 3], 1), operand('f32', [4], 2)],
      attrs: {},
    },
  ],
  invoke: (op, [a, b]) => (op === Add ? add(a!, b!) : mul(a!, b!)),
};
