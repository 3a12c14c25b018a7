/** y = x·Wᵀ with q8_0 weights: dequantisation fused into the SIMD dot product. */
import {
  ErrorCode,
  f32,
  type KernelConfig,
  type KernelContext,
  Linear,
  LowbitError,
  matmulShape,
  type Tensor,
} from '@lowbit/core';
import type { WasmBackend } from '../wasm-backend.ts';

export const linearQ8_0Config: KernelConfig<typeof Linear, WasmBackend> = {
  op: Linear,
  backend: 'wasm',
  formats: ['f32', 'q8_0'],
  fn(
    [x, w]: readonly Tensor[],
    _attrs: object,
    { backend, wrap }: KernelContext<WasmBackend>,
  ): Tensor {
    const [m, n] = matmulShape(x!.shape, w!.shape, false, true);
    const k = x!.shape[1]!;
    if (k % 32 !== 0) {
      throw new LowbitError(
        ErrorCode.Shape,
        `q8_0 weights need rows of whole 32-value blocks; this one has rows of ${k}.`,
      );
    }
    const y = backend.kernels.linearQ8_0(backend.floats(x!), backend.bytes(w!), m, n, k);
    return wrap(new Uint8Array(y.buffer), [m, n], f32);
  },
};
