/** Bulk encode: f32 values → packed bytes of any registered format, via the format's codec. */
import { Encode, getFormat } from '@lowbit/core';
import type { CpuKernelConfig } from '../kernel-helpers.ts';

export const encodeConfig: CpuKernelConfig<typeof Encode> = {
  op: Encode,
  backend: 'cpu',
  fn([x], { format: name, ...options }, context) {
    const format = getFormat(name);
    return context.wrap(format.encode(context.backend.floats(x!), options), x!.shape, format);
  },
};
