import { defineKernel, Mul } from '@lowbit/core';
import { binaryKernel } from './binary-broadcast.ts';

export const mulConfig = defineKernel({
  op: Mul,
  backend: 'cpu',
  fn: binaryKernel((a, b) => a * b),
});
