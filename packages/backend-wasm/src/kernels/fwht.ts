/**
 * FWHT on wasm: power-of-two rows run the SIMD kernel; 12/20/28/40·2^k rows use the reference
 * transform (same results, no wasm speed-up yet).
 */
import {
  Fwht,
  type FwhtAttrs,
  f32,
  type KernelConfig,
  type KernelContext,
  type Tensor,
} from '@lowbit/core';
import { fwht as referenceFwht, ifwht as referenceIfwht } from '@lowbit/transforms';
import type { WasmBackend } from '../wasm-backend.ts';

const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;

export const fwhtConfig: KernelConfig<typeof Fwht, WasmBackend> = {
  op: Fwht,
  backend: 'wasm',
  fn(
    [x]: readonly Tensor[],
    attrs: FwhtAttrs,
    { backend, wrap }: KernelContext<WasmBackend>,
  ): Tensor {
    const n = x!.shape[x!.rank - 1]!;
    const rows = backend.floats(x!).slice();
    if (isPowerOfTwo(n)) {
      // Sylvester H is symmetric with H² = n·I: the inverse is the same butterflies, scaled.
      const scale = attrs.normalize ? 1 / Math.sqrt(n) : attrs.inverse ? 1 / n : 1;
      backend.kernels.fwht(rows, n, scale);
    } else {
      (attrs.inverse ? referenceIfwht : referenceFwht)(rows, n, attrs);
    }
    return wrap(new Uint8Array(rows.buffer), x!.shape, f32);
  },
};
