/** fwht, random-hadamard, block-hadamard, fft and dct over the last axis. */
import {
  BlockHadamard,
  type BlockHadamardAttrs,
  blockHadamard,
  Dct,
  dct,
  Fft,
  Fwht,
  fft,
  fwht,
  RandomHadamard,
  type RandomHadamardAttrs,
  randomHadamard,
} from '@lowbit/core';
import type { ConformanceCase, Operand, OpFamily, Tolerance } from '../case.ts';
import { makeCase } from '../describe-case.ts';
import { operand } from '../inputs.ts';

const BUTTERFLY: Tolerance = {
  kind: 'relative',
  bound: 1e-6,
  reason: 'log2(n) f32 butterfly stages (n ≤ 64) vs the cpu kernel',
};
const SPECTRAL: Tolerance = {
  kind: 'relative',
  bound: 1e-5,
  reason: 'f32 twiddles and Bluestein’s chirp convolution (n ≤ 24) vs the cpu kernel',
};

const x = (n: number, seed: number) => operand('f32', [3, n], seed);

const CASES: Record<string, () => ConformanceCase[]> = {
  [Fwht]: () => [
    makeCase(Fwht, [x(64, 1)], {}, BUTTERFLY, 'power of two'),
    makeCase(Fwht, [x(24, 2)], { normalize: true }, BUTTERFLY, '12 × 2, normalized'),
    makeCase(Fwht, [x(40, 3)], { normalize: true, inverse: true }, BUTTERFLY, '40, inverse'),
  ],
  [RandomHadamard]: () => [
    makeCase(RandomHadamard, [x(64, 1)], { seed: 7 }, BUTTERFLY, 'seed 7'),
    makeCase(
      RandomHadamard,
      [x(32, 2)],
      { seed: 9, twoBlock: true, inverse: true },
      BUTTERFLY,
      'two blocks, inverse',
    ),
  ],
  [BlockHadamard]: () => [
    makeCase(BlockHadamard, [x(64, 1)], { block: 32, seed: 3 }, BUTTERFLY, 'block 32, signs'),
    makeCase(
      BlockHadamard,
      [x(48, 2)],
      { block: 16, inverse: true },
      BUTTERFLY,
      'block 16, inverse',
    ),
  ],
  [Fft]: () => [
    makeCase(Fft, [x(16, 1), x(16, 2)], {}, SPECTRAL, 'power of two'),
    makeCase(Fft, [x(12, 3), x(12, 4)], { inverse: true }, SPECTRAL, 'n=12 (Bluestein), inverse'),
  ],
  [Dct]: () => [
    makeCase(Dct, [x(16, 1)], {}, SPECTRAL, 'DCT-II'),
    makeCase(Dct, [x(10, 2)], { inverse: true }, SPECTRAL, 'n=10, DCT-III'),
  ],
};

const BAD: Record<string, [Operand[], object, string, string[]]> = {
  [Fwht]: [[operand('f32', [2, 6], 1)], {}, 'length 6', ['E_SHAPE', 'E_ARGUMENT']],
  [RandomHadamard]: [[operand('f32', [], 1)], { seed: 1 }, 'a scalar', ['E_SHAPE']],
  [BlockHadamard]: [
    [operand('f32', [2, 40], 1)],
    { block: 32 },
    'length 40, block 32',
    ['E_SHAPE'],
  ],
  [Fft]: [
    [operand('f32', [2, 8], 1), operand('f32', [2, 4], 2)],
    {},
    're 2×8, im 2×4',
    ['E_SHAPE'],
  ],
  [Dct]: [[operand('f32', [], 1)], {}, 'a scalar', ['E_SHAPE']],
};

export const transformsFamily: OpFamily = {
  ops: [Fwht, RandomHadamard, BlockHadamard, Fft, Dct],
  cases: ({ op, formats }) => (formats?.some((f) => f !== 'f32') ? [] : (CASES[op]?.() ?? [])),
  badInput: (op) => {
    const [operands, attrs, note, codes] = BAD[op]!;
    return [{ id: `${op}: ${note}`, op, codes, operands, attrs }];
  },
  invoke(op, [a, b], attrs) {
    if (op === Fwht) return fwht(a!, attrs);
    if (op === RandomHadamard) return randomHadamard(a!, attrs as RandomHadamardAttrs);
    if (op === BlockHadamard) return blockHadamard(a!, attrs as BlockHadamardAttrs);
    if (op === Fft) return fft(a!, b!, attrs);
    return dct(a!, attrs);
  },
};
