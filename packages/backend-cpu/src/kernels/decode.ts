/** Bulk decode: packed bytes of any format → f32 values, via the format's codec. */
import { ANY_FORMAT, Decode } from '@lowbit/core';
import { type CpuKernelConfig, floatResult } from '../kernel-helpers.ts';

export const decodeConfig: CpuKernelConfig<typeof Decode> = {
  op: Decode,
  backend: 'cpu',
  formats: [ANY_FORMAT],
  fn([x], _attrs, context) {
    return floatResult(context, x!.format.decode(context.backend.bytes(x!), x!.size), x!.shape);
  },
};
