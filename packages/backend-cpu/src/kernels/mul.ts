import { Mul } from '@lowbit/core';
import type { CpuKernelConfig } from '../kernel-helpers.ts';
import { binaryKernel } from './binary-broadcast.ts';

export const mulConfig: CpuKernelConfig<typeof Mul> = {
  op: Mul,
  backend: 'cpu',
  fn: binaryKernel((a, b) => a * b),
};
