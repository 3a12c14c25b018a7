/**
 * matmul: odd sizes, tile edges, every transpose, batches over a leading axis (with a shared
 * batch of 1), and packed B through the decode fallback.
 */
import { MatMul, type MatMulAttrs, matmul, type Shape } from '@lowbit/core';
import type { ConformanceCase, OpFamily, Tolerance } from '../case.ts';
import { caseId, makeCase } from '../describe-case.ts';
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

/** [batch of A, batch of B (0: a 2-D operand), m, k, n, attrs, note]. */
const BATCHED: [number, number, number, number, number, MatMulAttrs, string][] = [
  [3, 3, 2, 5, 4, {}, 'batch 3'],
  [4, 1, 9, 7, 3, { transposeB: true }, 'batch 4 · a shared batch of 1, Bᵀ'],
  [1, 2, 5, 6, 2, { transposeA: true }, 'a shared batch of 1 · batch 2, Aᵀ'],
  [2, 0, 33, 17, 5, {}, 'batch 2 · a 2-D B'],
];

function batchedCase([batchA, batchB, m, k, n, attrs, note]: (typeof BATCHED)[number], i: number) {
  const lead = (b: number): number[] => (b === 0 ? [] : [b]);
  const operands = [
    operand('f32', [...lead(batchA), ...stored(m, k, attrs.transposeA)], 300 + i),
    operand('f32', [...lead(batchB), ...stored(k, n, attrs.transposeB)], 400 + i),
  ];
  return makeCase(MatMul, operands, attrs, TOLERANCE, note);
}

function stored(rows: number, cols: number, transpose = false): Shape {
  return transpose ? [cols, rows] : [rows, cols];
}

export const matmulFamily: OpFamily = {
  ops: [MatMul],
  cases({ formats = ['f32', 'f32'], path }) {
    const shapes =
      path === 'decode-fallback' ? SHAPES.slice(0, 1).concat(SHAPES.slice(4, 5)) : SHAPES;
    const batched = path === 'decode-fallback' ? [] : BATCHED.map(batchedCase);
    const plain = shapes.map(([m, k, n, attrs, note], i): ConformanceCase => {
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
    return [...plain, ...batched];
  },
  badInput: () => [
    {
      id: 'matmul: inner dimensions differ (2×3 · 4×5)',
      op: MatMul,
      codes: ['E_SHAPE'],
      operands: [operand('f32', [2, 3], 1), operand('f32', [4, 5], 2)],
      attrs: {},
    },
    {
      id: 'matmul: batches 3 and 2',
      op: MatMul,
      codes: ['E_SHAPE'],
      operands: [operand('f32', [3, 2, 3], 1), operand('f32', [2, 3, 5], 2)],
      attrs: {},
    },
  ],
  fallbackOperand: () => 1,
  invoke: (_op, [a, b], attrs) => matmul(a!, b!, attrs as MatMulAttrs),
};
