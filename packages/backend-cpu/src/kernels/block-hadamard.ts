import { BlockHadamard, type BlockHadamardAttrs, defineKernel, type Tensor } from '@lowbit/core';
import { blockHadamard, inverseBlockHadamard } from '@lowbit/transforms';
import type { CpuContext } from '../kernel-helpers.ts';
import { rowTransform } from './row-transform.ts';

export const blockHadamardConfig = defineKernel({
  op: BlockHadamard,
  backend: 'cpu',
  fn: (inputs: readonly Tensor[], attrs: BlockHadamardAttrs, context: CpuContext) =>
    rowTransform((rows) =>
      (attrs.inverse ? inverseBlockHadamard : blockHadamard)(rows, attrs.block, attrs.seed),
    )(inputs, attrs, context),
});
