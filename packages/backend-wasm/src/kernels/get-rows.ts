/**
 * Embedding gather on wasm: each requested row's byte range (whole blocks; the op checked) is
 * decoded on its own into the f32 result in linear memory — with the format's SIMD decoder where
 * it has one, else its JS codec on a view of linear memory (as the `'*'` decode kernel does).
 * A V×D table costs T·D decoded values, not V·D. Row t reads bytes [i·byteLength(D), +byteLength(D))
 * as the cpu kernel does, and a range past the table's bytes (a format with a per-tensor header,
 * nvfp4) fails as the codec fails there.
 */
import {
  checkDecodeInput,
  GetRows,
  type GetRowsAttrs,
  type KernelConfig,
  type Tensor,
} from '@lowbit/core';
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
      for (let t = 0; t < indices.length; t++) {
        const left = table!.byteLength - indices[t]! * rowBytes;
        // The codec's own error for a short range (the check allocates only then).
        if (left < rowBytes) checkDecodeInput(table!.format, new Uint8Array(left), width);
      }
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
