/** Bulk encode: f32 values → packed bytes of any registered format, via the format's codec. */
import { defineKernel, Encode, getFormat } from '@lowbit/core';
import type { CpuContext } from '../kernel-helpers.ts';

export const encodeConfig = defineKernel({
  op: Encode,
  backend: 'cpu',
  fn([x], { format: name, ...options }, context: CpuContext) {
    const format = getFormat(name);
    return context.wrap(format.encode(context.backend.floats(x!), options), x!.shape, format);
  },
});
