/**
 * Embedding gather on wasm: each requested row's byte range (whole blocks; the op checked) is
 * decoded on its own into the f32 result in linear memory — with the format's SIMD decoder where
 * it has one, else its JS codec on a view of linear memory (as the `'*'` decode kernel does).
 * A V×D table costs T·D decoded values, not V·D.
 */
import { GetRows, type GetRowsAttrs, type KernelConfig, type Tensor } from '@lowbit/core';
import type { WasmBackend } from '../wasm-backend.ts';
import { allDecoders, type WasmDecoder } from './decode.ts';
import type { WasmContext } from './row-kernel.ts';

function getRowsConfig({ format, run }: WasmDecoder): KernelConfig<typeof GetRows, WasmBackend> {
  return {
    op: GetRows,
    backend: 'wasm',
    formats: [format],
    fn([table]: readonly Tensor[], { indices }: GetRowsAttrs, context: WasmContext): Tensor {
      const { backend } = context;
      const width = table!.shape[1]!;
      const rowBytes = table!.format.byteLength(width);
      return backend.output(context, [indices.length, width], (dst) => {
        const src = backend.ptr(table!);
        for (let t = 0; t < indices.length; t++)
          run(
            backend.kernels,
            src + indices[t]! * rowBytes,
            dst + t * width * 4,
            width,
            table!.format,
          );
      });
    },
  };
}

/** One kernel per SIMD decoder, and the codec kernel for every other format. */
export const getRowsConfigs = allDecoders.map(getRowsConfig);
