/** Bulk decode: packed bytes of any format → f32 values, via the format's codec. */
import { ANY_FORMAT, Decode, defineKernel } from '@lowbit/core';
import { type CpuContext, floatResult } from '../kernel-helpers.ts';

export const decodeConfig = defineKernel({
  op: Decode,
  backend: 'cpu',
  formats: [ANY_FORMAT],
  fn([x], _attrs, context: CpuContext) {
    return floatResult(context, x!.format.decode(context.backend.bytes(x!), x!.size), x!.shape);
  },
});
