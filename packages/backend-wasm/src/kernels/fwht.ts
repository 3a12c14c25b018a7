/**
 * FWHT on wasm: power-of-two rows run the SIMD kernel; 12/20/28/40·2^k rows use the reference
 * transform (same results, no wasm speed-up yet).
 */
import { Fwht, type FwhtAttrs, type KernelConfig } from '@lowbit/core';
import { fwht as referenceFwht, ifwht as referenceIfwht } from '@lowbit/transforms';
import type { WasmBackend } from '../wasm-backend.ts';
import { isPowerOfTwo, onCopy, rowKernel } from './row-kernel.ts';

export const fwhtConfig: KernelConfig<typeof Fwht, WasmBackend> = {
  op: Fwht,
  backend: 'wasm',
  fn: rowKernel((input, n, attrs: FwhtAttrs, { backend }) => {
    if (!isPowerOfTwo(n))
      return onCopy(input, (rows) =>
        (attrs.inverse ? referenceIfwht : referenceFwht)(rows, n, attrs),
      );
    // Sylvester H is symmetric with H² = n·I: the inverse is the same butterflies, scaled.
    const scale = attrs.normalize ? 1 / Math.sqrt(n) : attrs.inverse ? 1 / n : 1;
    const { kernels } = backend;
    return kernels.mapRows(input, n, (_frame, at, rows) =>
      kernels.exports.fwht(at, n, rows, scale),
    );
  }),
};
