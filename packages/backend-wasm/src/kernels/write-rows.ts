/**
 * KV-cache append on wasm, in place: src's f32 rows written straight into dst's block of linear
 * memory at row `offset` — moved for an f32 cache, encoded by the SIMD f32→f16 encoder (the
 * format's nearest-even rounding, the cpu codec's bytes) for an f16 one. Nothing crosses the
 * JS↔wasm boundary and the rest of the cache is not touched. Returns dst itself; the engine
 * checked it is mutable and bumps its storage version.
 */
import { type KernelConfig, type Tensor, WriteRows, type WriteRowsAttrs } from '@lowbit/core';
import type { WasmBackend } from '../wasm-backend.ts';
import { encodeDefault } from './encode.ts';
import type { WasmContext } from './row-kernel.ts';

function writeRowsWasm(
  [dst, src]: readonly Tensor[],
  { offset }: WriteRowsAttrs,
  { backend }: WasmContext,
): Tensor {
  const at = backend.ptr(dst!) + offset * dst!.format.byteLength(dst!.shape[1]!);
  const from = backend.ptr(src!);
  if (dst!.format.name === 'f32') backend.kernels.move(at, from, src!.size * 4);
  else encodeDefault(backend.kernels, from, at, src!.size, dst!.format);
  return dst!;
}

/** dst f32 or f16 (core's WRITABLE_FORMATS), src f32. */
export const writeRowsConfigs: KernelConfig<typeof WriteRows, WasmBackend>[] = ['f32', 'f16'].map(
  (format) => ({ op: WriteRows, backend: 'wasm', formats: [format, 'f32'], fn: writeRowsWasm }),
);
