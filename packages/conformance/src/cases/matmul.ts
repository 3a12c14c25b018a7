/** matmul: odd sizes, tile edges, every transpose, and packed B through the decode fallback. */
import { MatMul, type MatMulAttrs, matmul, type Shape } from '@lowbit/core';
import type { ConformanceCase, OpFamily, Tolerance } from '../case.ts';
import { caseId } from '../describe-case.ts';
import { operand } from '../inputs.ts';

const TOLERANCE: Tolerance = {
  kind: 'relative',
  bound: 1e-5,
  reason: 'f32 accumulation (K ≤ 300) vs the cpu kernel’s float64 accumulation',
};

/** [m, k, n, attrs, note]; stored shapes follow the transposes. */
const SHAPES: [number, number, number, MatMulAttrs, string][] = [
  [3, 300, 5, {}, 'K=300, odd M and N'],
  [33, 17, 65, {}, 'one past the tile edges'],
  [1, 64, 7, {}, 'one row'],
  [4, 9, 6, { transposeA: true }, 'Aᵀ'],
  [5, 40, 3, { transposeB: true }, 'Bᵀ'],
  [6, 11, 7, { transposeA: true, transposeB: true }, 'Aᵀ and Bᵀ'],
  [64, 128, 128, {}, '2^20 multiply-adds, split across threads'],
];

function stored(rows: number, cols: number, transpose = false): Shape {
  return transpose ? [cols, rows] : [rows, cols];
}

export const matmulFamily: OpFamily = {
  ops: [MatMul],
  cases({ formats = ['f32', 'f32'], path }) {
    const shapes =
      path === 'decode-fallback' ? SHAPES.slice(0, 1).concat(SHAPES.slice(4, 5)) : SHAPES;
    return shapes.map(([m, k, n, attrs, note], i): ConformanceCase => {
      const operands = [
        operand(formats[0]!, stored(m, k, attrs.transposeA), 100 + i),
        operand(formats[1]!, stored(k, n, attrs.transposeB), 200 + i),
      ];
      return {
        id: caseId(
          MatMul,
          operands,
          path === 'decode-fallback' ? `${note}, decode fallback` : note,
        ),
        op: MatMul,
        attrs,
        operands,
        tolerance: TOLERANCE,
      };
    });
  },
  badInput: () => [
    {
      id: 'matmul: inner dimensions differ (2×3 · 4×5)',
      op: MatMul,
      codes: ['E_SHAPE'],
      operands: [operand('f32', [2, 3], 1), operand('f32', [4, 5], 2)],
      attrs: {},
    },
  ],
  fallbackOperand: () => 1,
  invoke: (_op, [a, b], attrs) => matmul(a!, b!, attrs as MatMulAttrs),
};
