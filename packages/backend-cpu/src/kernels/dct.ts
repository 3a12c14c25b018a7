import { Dct, type DctAttrs, defineKernel, type Tensor } from '@lowbit/core';
import { dct2, dct3 } from '@lowbit/transforms';
import type { CpuContext } from '../kernel-helpers.ts';
import { rowTransform } from './row-transform.ts';

export const dctConfig = defineKernel({
  op: Dct,
  backend: 'cpu',
  fn: (inputs: readonly Tensor[], attrs: DctAttrs, context: CpuContext) =>
    rowTransform((rows, n) => {
      for (let at = 0; at < rows.length; at += n)
        rows.set((attrs.inverse ? dct3 : dct2)(rows.subarray(at, at + n)), at);
    })(inputs, attrs, context),
});
