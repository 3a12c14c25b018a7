/** write-rows: a KV-cache append in place, read back whole (rows written and rows kept). */
import { WriteRows, type WriteRowsAttrs, writeRows } from '@lowbit/core';
import type { ConformanceCase, Operand, OpFamily, Tolerance } from '../case.ts';
import { caseId } from '../describe-case.ts';
import { operand } from '../inputs.ts';

const EXACT: Tolerance = {
  kind: 'exact',
  reason: 'a copy (f32) or one rounding per value by the reference codec (f16): no arithmetic',
};

/** [cache rows, rows written, offset, note] over rows of 24 values. */
const WRITES: [number, number, number, string][] = [
  [8, 1, 3, 'one token at row 3'],
  [8, 3, 5, 'three rows up to the last'],
  [4, 4, 0, 'the whole cache'],
];

const cache = (format: string, rows: number, seed: number): Operand => ({
  ...operand(format, [rows, 24], seed),
  mutable: true,
});

export const writeRowsFamily: OpFamily = {
  ops: [WriteRows],
  cases({ formats = ['f32', 'f32'] }): ConformanceCase[] {
    return WRITES.map(([rows, count, offset, note], i) => {
      const operands = [
        cache(formats[0]!, rows, 40 + i),
        operand(formats[1]!, [count, 24], 50 + i, 4),
      ];
      const attrs: WriteRowsAttrs = { offset };
      return {
        id: caseId(WriteRows, operands, note),
        op: WriteRows,
        attrs,
        operands,
        tolerance: EXACT,
      };
    });
  },
  badInput: () => [
    {
      id: 'write-rows: into a tensor not created mutable',
      op: WriteRows,
      codes: ['E_TENSOR_IMMUTABLE'],
      operands: [operand('f32', [4, 8], 1), operand('f32', [1, 8], 2)],
      attrs: { offset: 0 },
    },
    {
      id: 'write-rows: rows 3 … 4 of a 4-row cache',
      op: WriteRows,
      codes: ['E_ARGUMENT'],
      operands: [cache('f32', 4, 1), operand('f32', [2, 24], 2)],
      attrs: { offset: 3 },
    },
    {
      id: 'write-rows: src rows of 8 into rows of 24',
      op: WriteRows,
      codes: ['E_SHAPE'],
      operands: [cache('f32', 4, 1), operand('f32', [1, 8], 2)],
      attrs: { offset: 0 },
    },
    {
      id: 'write-rows: into a q8_0 cache',
      op: WriteRows,
      codes: ['E_UNSUPPORTED'],
      operands: [{ ...operand('q8_0', [4, 32], 1), mutable: true }, operand('f32', [1, 32], 2)],
      attrs: { offset: 0 },
    },
  ],
  invoke: (_op, [dst, src], attrs) => writeRows(dst!, (attrs as WriteRowsAttrs).offset, src!),
};
