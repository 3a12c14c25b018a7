/** Bulk decode of binary16 and bfloat16 tensors to f32 (bit-exact with the cpu codec). */
import { Decode, f32, type KernelConfig, type KernelContext, type Tensor } from '@lowbit/core';
import type { WasmBackend } from '../wasm-backend.ts';

function decode16(kind: 0 | 1, format: string): KernelConfig<typeof Decode, WasmBackend> {
  return {
    op: Decode,
    backend: 'wasm',
    formats: [format],
    fn(
      [x]: readonly Tensor[],
      _attrs: object,
      { backend, wrap }: KernelContext<WasmBackend>,
    ): Tensor {
      const values = backend.kernels.decode16(backend.bytes(x!), x!.size, kind);
      return wrap(new Uint8Array(values.buffer), x!.shape, f32);
    },
  };
}

export const decodeF16Config = decode16(0, 'f16');
export const decodeBf16Config = decode16(1, 'bf16');
