/**
 * Bulk decode on wasm, bit-exact with the cpu codecs: each format's decoder from the trait table
 * (traits/format-traits.ts) runs inside linear memory. Formats without one run their own codec
 * on a view of linear memory (a `'*'` kernel, below the specific ones): plain JS, but the tensor
 * stays on wasm — no move to cpu.
 */
import { ANY_FORMAT, Decode, type Format, type KernelConfig, type Tensor } from '@lowbit/core';
import type { WasmDecoder } from '../traits/decoders.ts';
import type { FormatTraits } from '../traits/format-traits.ts';
import type { WasmBackend } from '../wasm-backend.ts';
import type { WasmKernels } from '../wasm-module.ts';
import type { WasmContext } from './row-kernel.ts';

export { codeTable } from './code-table.ts';

/**
 * Writes `count` decoded values at `dst` (room for whole units), reading the packed bytes at
 * `src`: a whole tensor (decode) or one row of it (get-rows).
 */
export type DecodeRun = (
  kernels: WasmKernels,
  src: number,
  dst: number,
  count: number,
  format: Format,
) => void;

/** A decode routine for one format (or `'*'`), and the values it writes per unit. */
export interface FormatDecode {
  format: string;
  unit: number;
  run: DecodeRun;
}

/** Runs a trait-table decoder through the module's decodeAny. */
export function runDecoder(decoder: WasmDecoder): DecodeRun {
  return (kernels, src, dst, count, format) => {
    const { offset, a, b, c, s } = decoder.args(kernels, src, format);
    kernels.exports.decodeAny(decoder.kind, src + offset, dst, count, decoder.unit, a, b, c, s);
  };
}

/** Any format: its own codec over a view of linear memory, the values copied in after. */
export const codecDecode: FormatDecode = {
  format: ANY_FORMAT,
  unit: 1,
  run(kernels, src, dst, count, format) {
    const bytes = new Uint8Array(kernels.memory.buffer, src, format.byteLength(count));
    kernels.copyIn(dst, format.decode(bytes, count));
  },
};

/** The table's decoders, then the codec decoder that serves every other format (`'*'`). */
export function formatDecodes(traits: readonly FormatTraits[]): FormatDecode[] {
  return [
    ...traits.map(({ format, decoder }) => ({
      format,
      unit: decoder.unit,
      run: runDecoder(decoder),
    })),
    codecDecode,
  ];
}

/** Decoding of wasm tensors, looked up by format name (the `'*'` codec for any other). */
export class Decoders {
  private readonly byFormat: Map<string, FormatDecode>;
  constructor(readonly all: readonly FormatDecode[]) {
    this.byFormat = new Map(all.map((d) => [d.format, d]));
  }

  private of(x: Tensor): FormatDecode {
    return this.byFormat.get(x.format.name) ?? codecDecode;
  }

  /** Bytes a decode of x writes: whole units of its decoder. */
  decodedBytes(x: Tensor): number {
    const { unit } = this.of(x);
    return Math.ceil(x.size / unit) * unit * 4;
  }

  /** Decodes wasm tensor x into f32 at `dst` (room for decodedBytes(x)), in linear memory. */
  decodeInto(backend: WasmBackend, x: Tensor, dst: number): void {
    this.of(x).run(backend.kernels, backend.ptr(x), dst, x.size, x.format);
  }
}

function decodeConfig(
  { format }: FormatDecode,
  decoders: Decoders,
): KernelConfig<typeof Decode, WasmBackend> {
  return {
    op: Decode,
    backend: 'wasm',
    formats: [format],
    fn([x]: readonly Tensor[], _attrs: object, context: WasmContext): Tensor {
      const { backend } = context;
      return backend.output(context, x!.shape, (dst) => decoders.decodeInto(backend, x!, dst), {
        capacity: decoders.decodedBytes(x!),
      });
    },
  };
}

/** One kernel per decoder of the table, and the codec kernel for every other format. */
export function decodeConfigs(decoders: Decoders): KernelConfig<typeof Decode, WasmBackend>[] {
  return decoders.all.map((d) => decodeConfig(d, decoders));
}
