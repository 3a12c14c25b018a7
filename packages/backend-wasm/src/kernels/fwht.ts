/**
 * FWHT on wasm: power-of-two rows run the SIMD kernel; 12/20/28/40·2^k rows run it on each
 * 2^k chunk and then H_m across the chunks (assembly `hadamardAcross`), as the reference does.
 */
import { Fwht, type FwhtAttrs, type KernelConfig } from '@lowbit/core';
import type { WasmBackend } from '../wasm-backend.ts';
import { inPlaceRows } from './row-kernel.ts';

export const fwhtConfig: KernelConfig<typeof Fwht, WasmBackend> = {
  op: Fwht,
  backend: 'wasm',
  fn: inPlaceRows((kernels, at, rows, n, attrs: FwhtAttrs) => {
    // H·Hᵀ = n·I: the inverse is Hᵀ (H itself for Sylvester sizes), scaled.
    const scale = attrs.normalize ? 1 / Math.sqrt(n) : attrs.inverse ? 1 / n : 1;
    kernels.hadamard(at, n, rows, scale, attrs.inverse);
  }),
};
