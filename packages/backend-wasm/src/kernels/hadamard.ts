/**
 * Random and block Hadamard rotations on wasm: sign flips and SIMD FWHT passes over rows in
 * linear memory, with the same seeded signs as the reference; rows of m·2^k (m = 12, 20, 28, 40)
 * add the H_m step (see WasmKernels.rotate). Inverses apply Hᵀ.
 */

import type { Tensor } from '@lowbit/core';
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
import { inPlaceRows, onCopy, rowKernel, type WasmContext } from './row-kernel.ts';

const SECOND_SEED = 0x9e3779b97f4a7c15n;

export const randomHadamardConfig: KernelConfig<typeof RandomHadamard, WasmBackend> = {
  op: RandomHadamard,
  backend: 'wasm',
  fn: inPlaceRows((kernels, at, rows, n, attrs: RandomHadamardAttrs) => {
    hadamardFactor(n);
    const scale = 1 / Math.sqrt(n);
    const d1 = randomSigns(n, attrs.seed);
    const d2 = attrs.twoBlock ? randomSigns(n, BigInt(attrs.seed) ^ SECOND_SEED) : undefined;
    const forward = d2 ? [d1, scale, d2, scale] : [d1, scale];
    if (attrs.inverse) kernels.rotate(at, n, rows, forward.reverse(), true);
    else kernels.rotate(at, n, rows, forward);
  }),
};

/** Block sizes the module has no Hadamard for: the reference transform on a host copy. */
const reference = rowKernel((input, _n, attrs: BlockHadamardAttrs) =>
  onCopy(input, (rows) =>
    (attrs.inverse ? inverseBlockHadamard : blockHadamard)(rows, attrs.block, attrs.seed),
  ),
);

export const blockHadamardConfig: KernelConfig<typeof BlockHadamard, WasmBackend> = {
  op: BlockHadamard,
  backend: 'wasm',
  fn(inputs: readonly Tensor[], attrs: BlockHadamardAttrs, context: WasmContext): Tensor {
    const { block, seed } = attrs;
    if (!BLOCK_HADAMARD_SIZES.includes(block)) return reference(inputs, attrs, context);
    const scale = 1 / Math.sqrt(block);
    const stages = seed === undefined ? [scale] : [randomSigns(block, seed), scale];
    const x = inputs[0]!;
    // The blocks tile each row, so the whole tensor is rows of `block`.
    return inPlaceRows((kernels, at) =>
      kernels.rotate(at, block, x.size / block, attrs.inverse ? stages.reverse() : stages),
    )(inputs, attrs, context);
  },
};
