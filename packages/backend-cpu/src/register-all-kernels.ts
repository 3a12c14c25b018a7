/** Every cpu kernel, in one explicit list (docs/adding-a-kernel.md). */
import type { KernelConfig } from '@lowbit/core';
import { addConfig } from './kernels/add.ts';
import { attentionConfigs } from './kernels/attention.ts';
import { blockHadamardConfig } from './kernels/block-hadamard.ts';
import { dctConfig } from './kernels/dct.ts';
import { decodeConfig } from './kernels/decode.ts';
import { encodeConfig } from './kernels/encode.ts';
import { fftConfig } from './kernels/fft.ts';
import { fwhtConfig } from './kernels/fwht.ts';
import { getRowsConfig } from './kernels/get-rows.ts';
import { int8LinearConfigs } from './kernels/int8-linear.ts';
import { linearConfig } from './kernels/linear.ts';
import { matmulConfig } from './kernels/matmul.ts';
import { mulConfig } from './kernels/mul.ts';
import { rmsnormConfig, ropeConfig, softmaxConfig, swigluConfig } from './kernels/nn.ts';
import { randomHadamardConfig } from './kernels/random-hadamard.ts';
import { writeRowsConfigs } from './kernels/write-rows.ts';

export const cpuKernels: readonly KernelConfig[] = [
  addConfig,
  ...attentionConfigs,
  blockHadamardConfig,
  dctConfig,
  decodeConfig,
  encodeConfig,
  fftConfig,
  fwhtConfig,
  getRowsConfig,
  ...int8LinearConfigs,
  linearConfig,
  matmulConfig,
  mulConfig,
  randomHadamardConfig,
  rmsnormConfig,
  ropeConfig,
  softmaxConfig,
  swigluConfig,
  ...writeRowsConfigs,
];
