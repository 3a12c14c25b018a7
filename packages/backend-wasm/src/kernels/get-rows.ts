/**
 * Embedding gather on wasm: each requested row's byte range (whole blocks; the op checked) is
 * decoded on its own into the f32 result in linear memory — with the format's SIMD decoder where
 * it has one, else its JS codec on a view of linear memory (as the `'*'` decode kernel does).
 * A V×D table costs T·D decoded values, not V·D. A format with a tensor-wide header (nvfp4's
 * scale) has header ⧺ row assembled in a scratch block first, as the cpu kernel does.
 */
import {
  GetRows,
  type GetRowsAttrs,
  type KernelConfig,
  rowLayout,
  type Tensor,
} from '@lowbit/core';
import type { WasmBackend } from '../wasm-backend.ts';
import type { FormatDecode } from './decode.ts';
import type { WasmContext } from './row-kernel.ts';

function getRowsConfig({ format, run }: FormatDecode): KernelConfig<typeof GetRows, WasmBackend> {
  return {
    op: GetRows,
    backend: 'wasm',
    formats: [format],
    fn([table]: readonly Tensor[], { indices }: GetRowsAttrs, context: WasmContext): Tensor {
      const { backend } = context;
      const width = table!.shape[1]!;
      const { header, rowBytes } = rowLayout(table!.format, width);
      const joined = header > 0 ? backend.allocate(header + rowBytes) : undefined;
      try {
        return backend.output(context, [indices.length, width], (dst) => {
          const src = backend.ptr(table!);
          if (joined) backend.kernels.move(joined.ptr, src, header);
          for (let t = 0; t < indices.length; t++) {
            let row = src + header + indices[t]! * rowBytes;
            if (joined) {
              backend.kernels.move(joined.ptr + header, row, rowBytes);
              row = joined.ptr;
            }
            run(backend.kernels, row, dst + t * width * 4, width, table!.format);
          }
        });
      } finally {
        if (joined) backend.release(joined);
      }
    },
  };
}

/** One kernel per decoder of the trait table, and the codec kernel for every other format. */
export function getRowsConfigs(
  decodes: readonly FormatDecode[],
): KernelConfig<typeof GetRows, WasmBackend>[] {
  return decodes.map(getRowsConfig);
}
