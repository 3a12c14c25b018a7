/** attention: GQA head groups, causal masks over a partly filled cache, prefill and decode. */
import { Attention, type AttentionAttrs, attention } from '@lowbit/core';
import type { ConformanceCase, OpFamily, Tolerance } from '../case.ts';
import { caseId } from '../describe-case.ts';
import { operand } from '../inputs.ts';

const TOLERANCE: Tolerance = {
  kind: 'relative',
  bound: 1e-5,
  reason:
    'f32 dot products (Dh ≤ 64) and an f32 softmax over ≤ 256 rows vs the cpu kernel’s float64',
};

/** [T, H, KVH, Dh, cache rows S, attrs beyond heads, note]. */
const SHAPES: [
  number,
  number,
  number,
  number,
  number,
  Omit<AttentionAttrs, 'heads' | 'kvHeads'>,
  string,
][] = [
  [1, 4, 4, 16, 12, { length: 7, positions: [6] }, 'decode, multi-head, cache 7 of 12'],
  [1, 8, 2, 8, 40, { length: 37, positions: [36] }, 'decode, GQA 4 heads per kv head'],
  [5, 4, 1, 8, 16, { length: 9, positions: [4, 5, 6, 7, 8] }, 'prefill 5 rows, MQA'],
  [3, 2, 2, 64, 6, { length: 4, causal: false }, 'not causal, Dh 64, cache 4 of 6'],
  [2, 2, 1, 4, 8, { length: 5, positions: [1, 3], scale: 0.7 }, 'explicit scale, sparse positions'],
  // 2 · 4 · 8 · 256 · 64 = 2^20 multiply-adds: threaded backends split the heads.
  [
    4,
    8,
    2,
    64,
    300,
    { length: 256, positions: [252, 253, 254, 255] },
    'prefill 4 rows, heads split across threads',
  ],
];

export const attentionFamily: OpFamily = {
  ops: [Attention],
  cases({ formats }): ConformanceCase[] {
    // q is f32; the KV cache f32 or f16 (an f16 cache is read in place, not decoded whole).
    const [query = 'f32', keys = 'f32', values = keys] = formats ?? [];
    if (query !== 'f32' || keys !== values || !['f32', 'f16'].includes(keys)) return [];
    return SHAPES.map(([rows, heads, kvHeads, dim, cache, rest, note], i) => {
      const operands = [
        operand('f32', [rows, heads * dim], 60 + i, 2),
        operand(keys, [cache, kvHeads * dim], 70 + i, 2),
        operand(keys, [cache, kvHeads * dim], 80 + i),
      ];
      const attrs: AttentionAttrs = { heads, kvHeads, ...rest };
      return {
        id: caseId(Attention, operands, note),
        op: Attention,
        attrs,
        operands,
        tolerance: TOLERANCE,
      };
    });
  },
  badInput: () => [
    {
      id: 'attention: kvHeads 3 does not divide heads 4',
      op: Attention,
      codes: ['E_SHAPE'],
      operands: [
        operand('f32', [1, 16], 1),
        operand('f32', [4, 12], 2),
        operand('f32', [4, 12], 3),
      ],
      attrs: { heads: 4, kvHeads: 3, length: 4, positions: [3] },
    },
    {
      id: 'attention: position 4 beyond length 4',
      op: Attention,
      codes: ['E_ARGUMENT'],
      operands: [operand('f32', [1, 8], 1), operand('f32', [4, 8], 2), operand('f32', [4, 8], 3)],
      attrs: { heads: 2, kvHeads: 2, length: 4, positions: [4] },
    },
  ],
  invoke: (_op, [q, k, v], attrs) => attention(q!, k!, v!, attrs as AttentionAttrs),
};
