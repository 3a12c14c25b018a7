/** Every cpu kernel, in one explicit list (docs/adding-a-kernel.md). */
import type { KernelConfig } from '@lowbit/core';
import { addConfig } from './kernels/add.ts';
import { decodeConfig } from './kernels/decode.ts';
import { encodeConfig } from './kernels/encode.ts';
import { matmulConfig } from './kernels/matmul.ts';
import { mulConfig } from './kernels/mul.ts';

export const cpuKernels = [
  addConfig,
  decodeConfig,
  encodeConfig,
  matmulConfig,
  mulConfig,
] as unknown as readonly KernelConfig[];
