import { BlockHadamard, type BlockHadamardAttrs, type Tensor } from '@lowbit/core';
import { blockHadamard, inverseBlockHadamard } from '@lowbit/transforms';
import type { CpuContext, CpuKernelConfig } from '../kernel-helpers.ts';
import { rowTransform } from './row-transform.ts';

export const blockHadamardConfig: CpuKernelConfig<typeof BlockHadamard> = {
  op: BlockHadamard,
  backend: 'cpu',
  fn: (inputs: readonly Tensor[], attrs: BlockHadamardAttrs, context: CpuContext) =>
    rowTransform((rows) =>
      (attrs.inverse ? inverseBlockHadamard : blockHadamard)(rows, attrs.block, attrs.seed),
    )(inputs, attrs, context),
};
