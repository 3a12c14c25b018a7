import { defineKernel, Fwht, type FwhtAttrs, type Tensor } from '@lowbit/core';
import { fwht, ifwht } from '@lowbit/transforms';
import type { CpuContext } from '../kernel-helpers.ts';
import { rowTransform } from './row-transform.ts';

export const fwhtConfig = defineKernel({
  op: Fwht,
  backend: 'cpu',
  fn: (inputs: readonly Tensor[], attrs: FwhtAttrs, context: CpuContext) =>
    rowTransform((rows, n) => (attrs.inverse ? ifwht : fwht)(rows, n, attrs))(
      inputs,
      attrs,
      context,
    ),
});
