import { Add } from '@lowbit/core';
import type { CpuKernelConfig } from '../kernel-helpers.ts';
import { binaryKernel } from './binary-broadcast.ts';

export const addConfig: CpuKernelConfig<typeof Add> = {
  op: Add,
  backend: 'cpu',
  fn: binaryKernel((a, b) => a + b),
};
