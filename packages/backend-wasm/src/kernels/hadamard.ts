/**
 * Random and block Hadamard rotations on wasm: sign flips and SIMD FWHT passes over rows in
 * linear memory, with the same seeded signs as the reference; rows of m·2^k (m = 12, 20, 28, 40)
 * add the H_m step (see WasmKernels.rotate). Inverses apply Hᵀ.
 */
import {
  BlockHadamard,
  type BlockHadamardAttrs,
  type KernelConfig,
  RandomHadamard,
  type RandomHadamardAttrs,
} from '@lowbit/core';
import {
  BLOCK_HADAMARD_SIZES,
  blockHadamard,
  hadamardFactor,
  inverseBlockHadamard,
  randomSigns,
} from '@lowbit/transforms';
import type { WasmBackend } from '../wasm-backend.ts';
import { onCopy, rowKernel } from './row-kernel.ts';

const SECOND_SEED = 0x9e3779b97f4a7c15n;

export const randomHadamardConfig: KernelConfig<typeof RandomHadamard, WasmBackend> = {
  op: RandomHadamard,
  backend: 'wasm',
  fn: rowKernel((input, n, attrs: RandomHadamardAttrs, { backend }) => {
    hadamardFactor(n);
    const scale = 1 / Math.sqrt(n);
    const d1 = randomSigns(n, attrs.seed);
    const d2 = attrs.twoBlock ? randomSigns(n, BigInt(attrs.seed) ^ SECOND_SEED) : undefined;
    const forward = d2 ? [d1, scale, d2, scale] : [d1, scale];
    return attrs.inverse
      ? backend.kernels.rotate(input, n, forward.reverse(), true)
      : backend.kernels.rotate(input, n, forward);
  }),
};

export const blockHadamardConfig: KernelConfig<typeof BlockHadamard, WasmBackend> = {
  op: BlockHadamard,
  backend: 'wasm',
  fn: rowKernel((input, _n, attrs: BlockHadamardAttrs, { backend }) => {
    const { block, seed } = attrs;
    if (!BLOCK_HADAMARD_SIZES.includes(block))
      return onCopy(input, (rows) =>
        (attrs.inverse ? inverseBlockHadamard : blockHadamard)(rows, block, seed),
      );
    const scale = 1 / Math.sqrt(block);
    const stages = seed === undefined ? [scale] : [randomSigns(block, seed), scale];
    return backend.kernels.rotate(input, block, attrs.inverse ? stages.reverse() : stages);
  }),
};
