/** get-rows: an embedding gather from every format, decoded row by row. */
import { GetRows, type GetRowsAttrs, getFormat, getRows } from '@lowbit/core';
import type { ConformanceCase, Operand, OpFamily, Tolerance } from '../case.ts';
import { caseId } from '../describe-case.ts';
import { operand, randomBytes } from '../inputs.ts';

const EXACT: Tolerance = {
  kind: 'exact',
  reason:
    'a gathered row is that row decoded, which the format’s reference codec defines bit for bit',
};

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** Two whole blocks per row, and at least 8 values so sub-byte codes end on a byte boundary. */
function rowLength(format: string): number {
  const block = getFormat(format).block?.size ?? 1;
  return ((block * 8) / gcd(block, 8)) * 2;
}

/** Repeats, the first and the last row, out of order. */
const INDICES = [4, 0, 2, 4, 1];

function table(format: string, encodable: boolean): Operand {
  const shape = [5, rowLength(format)];
  if (encodable) return operand(format, shape, 31, 2);
  return { format, shape, bytes: randomBytes(getFormat(format).byteLength(5 * shape[1]!), 31) };
}

export const getRowsFamily: OpFamily = {
  ops: [GetRows],
  cases({ formats = ['f32'] }, context): ConformanceCase[] {
    const format = formats[0]!;
    const operands = [table(format, context.encodable.includes(format))];
    const attrs: GetRowsAttrs = { indices: INDICES };
    return [
      {
        id: caseId(GetRows, operands, `rows ${INDICES.join(' ')}`),
        op: GetRows,
        attrs,
        operands,
        tolerance: EXACT,
      },
    ];
  },
  badInput: () => [
    {
      id: 'get-rows: index 5 of a 5-row table',
      op: GetRows,
      codes: ['E_ARGUMENT'],
      operands: [operand('f32', [5, 4], 1)],
      attrs: { indices: [0, 5] },
    },
    {
      id: 'get-rows: a 1-D table',
      op: GetRows,
      codes: ['E_SHAPE'],
      operands: [operand('f32', [20], 1)],
      attrs: { indices: [0] },
    },
    {
      id: 'get-rows: q8_0 rows of 48 values split a block',
      op: GetRows,
      codes: ['E_SHAPE'],
      operands: [operand('q8_0', [2, 48], 1)],
      attrs: { indices: [0] },
    },
  ],
  invoke: (_op, [t], attrs) => getRows(t!, (attrs as GetRowsAttrs).indices),
};
