/** rmsnorm, softmax, rope and swiglu over the last axis. */
import {
  RmsNorm,
  type RmsNormAttrs,
  Rope,
  type RopeAttrs,
  rmsnorm,
  rope,
  Softmax,
  SwiGlu,
  softmax,
  swiglu,
} from '@lowbit/core';
import type { ConformanceCase, Operand, OpFamily, Tolerance } from '../case.ts';
import { makeCase } from '../describe-case.ts';
import { operand } from '../inputs.ts';

const REDUCTION: Tolerance = {
  kind: 'relative',
  bound: 1e-6,
  reason: 'one f32 reduction per row vs the cpu kernel’s float64 sum',
};
const TRANSCENDENTAL: Tolerance = {
  kind: 'relative',
  bound: 1e-6,
  reason: 'exp / cos / sin within a few f32 ulps of Math’s float64 results',
};

const CASES: Record<string, () => ConformanceCase[]> = {
  [RmsNorm]: () => [
    makeCase(
      RmsNorm,
      [operand('f32', [3, 7], 1), operand('f32', [7], 2)],
      {},
      REDUCTION,
      'default eps',
    ),
    // Tiny activations: mean(x²) ≈ 3e-7, so eps decides the result.
    makeCase(
      RmsNorm,
      [operand('f32', [2, 64], 3, 1e-3), operand('f32', [64], 4)],
      {},
      REDUCTION,
      'eps dominates',
    ),
    makeCase(
      RmsNorm,
      [operand('f32', [2, 33], 5, 1e-2), operand('f32', [33], 6)],
      { eps: 1e-3 },
      REDUCTION,
      'eps 1e-3',
    ),
  ],
  [Softmax]: () => [
    makeCase(Softmax, [operand('f32', [3, 17], 1, 4)], {}, TRANSCENDENTAL, 'odd width'),
    makeCase(
      Softmax,
      [operand('f32', [2, 9], 2, 80)],
      {},
      TRANSCENDENTAL,
      'large logits (max subtracted)',
    ),
  ],
  [Rope]: () => {
    const x = (seed: number) => operand('f32', [3, 16], seed);
    const cases: [RopeAttrs, string][] = [
      [{ headDim: 8, offset: 5 }, 'interleaved, offset 5'],
      [{ headDim: 8, style: 'neox' }, 'neox'],
      [{ headDim: 16, theta: 500000, offset: 1000 }, 'θ 500000, position 1000'],
    ];
    return cases.map(([attrs, note], i) =>
      makeCase(Rope, [x(10 + i)], attrs, TRANSCENDENTAL, note),
    );
  },
  [SwiGlu]: () => [
    makeCase(
      SwiGlu,
      [operand('f32', [3, 11], 1, 6), operand('f32', [3, 11], 2)],
      {},
      TRANSCENDENTAL,
      'gate · up',
    ),
    makeCase(SwiGlu, [operand('f32', [2, 9], 3, 6)], {}, TRANSCENDENTAL, 'silu alone'),
  ],
};

const BAD: Record<string, [Operand[], object, string]> = {
  [RmsNorm]: [[operand('f32', [2, 4], 1), operand('f32', [5], 2)], {}, 'weight 5 for rows of 4'],
  [Softmax]: [[operand('f32', [], 1)], {}, 'a scalar'],
  [Rope]: [[operand('f32', [2, 6], 1)], { headDim: 3 }, 'odd headDim 3'],
  [SwiGlu]: [[operand('f32', [2, 3], 1), operand('f32', [3, 2], 2)], {}, 'gate 2×3, up 3×2'],
};

export const nnFamily: OpFamily = {
  ops: [RmsNorm, Softmax, Rope, SwiGlu],
  cases: ({ op, formats }) => (formats?.some((f) => f !== 'f32') ? [] : (CASES[op]?.() ?? [])),
  badInput: (op) => {
    const [operands, attrs, note] = BAD[op]!;
    return [{ id: `${op}: ${note}`, op, codes: ['E_SHAPE'], operands, attrs }];
  },
  invoke(op, [x, y], attrs) {
    if (op === RmsNorm) return rmsnorm(x!, y!, attrs as RmsNormAttrs);
    if (op === Softmax) return softmax(x!);
    if (op === Rope) return rope(x!, attrs as RopeAttrs);
    return swiglu(x!, y);
  },
};
