import { Add, defineKernel } from '@lowbit/core';
import { binaryKernel } from './binary-broadcast.ts';

export const addConfig = defineKernel({
  op: Add,
  backend: 'cpu',
  fn: binaryKernel((a, b) => a + b),
});
