import { defineKernel, RandomHadamard, type RandomHadamardAttrs, type Tensor } from '@lowbit/core';
import { inverseRandomHadamard, randomHadamard } from '@lowbit/transforms';
import type { CpuContext } from '../kernel-helpers.ts';
import { rowTransform } from './row-transform.ts';

export const randomHadamardConfig = defineKernel({
  op: RandomHadamard,
  backend: 'cpu',
  fn: (inputs: readonly Tensor[], attrs: RandomHadamardAttrs, context: CpuContext) =>
    rowTransform((rows, n) =>
      (attrs.inverse ? inverseRandomHadamard : randomHadamard)(rows, n, attrs),
    )(inputs, attrs, context),
});
