/**
 * Bulk decode on wasm, bit-exact with the cpu codecs: scalar formats of ≤ 8 bits by table
 * lookup (the table is the format's own decode of every code), binary16/bfloat16 by bit
 * arithmetic, and the block formats (ggml q4_0/q8_0/q4_K/q5_K/q6_K, OCP MX, NVFP4) by dedicated
 * kernels. Every other format runs its own codec on a view of linear memory (a `'*'` kernel,
 * below the specific ones): plain JS, but the tensor stays on wasm — no move to cpu.
 */
import {
  ANY_FORMAT,
  Decode,
  type Format,
  getFormat,
  type KernelConfig,
  packCodes,
  type Tensor,
  tensorHeaderBytes,
} from '@lowbit/core';
import type { WasmBackend } from '../wasm-backend.ts';
import type { WasmKernels } from '../wasm-module.ts';
import type { WasmContext } from './row-kernel.ts';

/**
 * Every value of a scalar format's codes 0 … 2^bits − 1, keyed by the Format object itself: a
 * format re-registered with { override: true } gets its own table.
 */
const tables = new WeakMap<Format, Float32Array>();
export function codeTable(format: Format | string): Float32Array {
  const f = typeof format === 'string' ? getFormat(format) : format;
  let table = tables.get(f);
  if (!table) {
    const size = 2 ** f.bits;
    const codes = Uint16Array.from({ length: size }, (_, c) => c);
    table = f.decode(packCodes(codes, f.bits), size);
    tables.set(f, table);
  }
  return table;
}

/**
 * Writes `count` decoded values of `format` at `dst` (room for whole units), reading the packed
 * bytes at `src`: a whole tensor (decode) or one row of it (get-rows).
 */
type Run = (kernels: WasmKernels, src: number, dst: number, count: number, format: Format) => void;

export interface WasmDecoder {
  format: string;
  /** Values written per unit (block): the output needs room for whole units. */
  valuesPerUnit: number;
  run: Run;
}

const decoder = (format: string, valuesPerUnit: number, run: Run): WasmDecoder => ({
  format,
  valuesPerUnit,
  run,
});

/** Any format: its own codec over a view of linear memory, the values copied in after. */
const codecDecoder = decoder(ANY_FORMAT, 1, (kernels, src, dst, count, format) => {
  const bytes = new Uint8Array(kernels.memory.buffer, src, format.byteLength(count));
  kernels.copyIn(dst, format.decode(bytes, count));
});

/** Scalar formats decoded through their code table. */
export const TABLE_FORMATS = [
  'fp8_e4m3fn',
  'fp8_e4m3fnuz',
  'fp8_e5m2',
  'fp8_e5m2fnuz',
  'fp8_e3m4',
  'fp8_e4m3',
  'fp8_e4m3b11fnuz',
  'hifloat8',
  'e8m0',
  'fp6_e2m3fn',
  'fp6_e3m2fn',
  'fp4_e2m1fn',
  'int2',
  'int3',
  'int4',
  'int5',
  'int6',
  'int8',
  'uint2',
  'uint4',
  'uint6',
  'uint8',
  'posit8_es0',
  'posit8_es1',
  'posit8_es2',
  'nf4',
  'iq4_nl_table',
  'ternary',
] as const;

const tableDecoders = TABLE_FORMATS.map((name) =>
  decoder(name, 1, (kernels, src, dst, count, format) =>
    kernels.exports.decodeTable(src, dst, count, format.bits, kernels.constant(codeTable(format))),
  ),
);

/** f32 "decodes" by a move inside linear memory (no round trip through its JS codec). */
const f32Decoder = decoder('f32', 1, (kernels, src, dst, count) =>
  kernels.move(dst, src, count * 4),
);

const halfDecoders = (['f16', 'bf16'] as const).map((name, kind) =>
  decoder(name, 1, (kernels, src, dst, count) => kernels.exports.decode16(src, dst, count, kind)),
);

const ggml = (
  name: string,
  block: number,
  fn: 'decodeQ4_0' | 'decodeQ8_0' | 'decodeQ4K' | 'decodeQ5K' | 'decodeQ6K',
) =>
  decoder(name, block, (kernels, src, dst, count) =>
    kernels.exports[fn](src, dst, Math.ceil(count / block)),
  );

const ggmlDecoders = [
  ggml('q4_0', 32, 'decodeQ4_0'),
  ggml('q8_0', 32, 'decodeQ8_0'),
  ggml('q4_K', 256, 'decodeQ4K'),
  ggml('q5_K', 256, 'decodeQ5K'),
  ggml('q6_K', 256, 'decodeQ6K'),
];

/** MX formats: element bits, element table, and layout (1: ggml's mxfp4 nibble order). */
export const MX_ELEMENTS: Record<
  string,
  { bits: number; layout: 0 | 1; table: () => Float32Array }
> = {
  mxfp8_e4m3: { bits: 8, layout: 0, table: () => codeTable('fp8_e4m3fn') },
  mxfp8_e5m2: { bits: 8, layout: 0, table: () => codeTable('fp8_e5m2') },
  mxfp6_e2m3: { bits: 6, layout: 0, table: () => codeTable('fp6_e2m3fn') },
  mxfp6_e3m2: { bits: 6, layout: 0, table: () => codeTable('fp6_e3m2fn') },
  mxfp4: { bits: 4, layout: 1, table: () => codeTable('fp4_e2m1fn') },
  mxint8: { bits: 8, layout: 0, table: () => mxint8Table() },
};

let mxint8Elements: Float32Array | undefined;
/** int8 codes / 64 (MXINT8's elements), made once so it can stay in linear memory. */
function mxint8Table(): Float32Array {
  mxint8Elements ??= codeTable('int8').map((v) => v / 64);
  return mxint8Elements;
}

const mxDecoders = Object.entries(MX_ELEMENTS).map(([name, { bits, layout, table }]) =>
  decoder(name, 32, (kernels, src, dst, count) =>
    kernels.exports.decodeMx(
      src,
      dst,
      Math.ceil(count / 32),
      bits,
      layout,
      kernels.constant(table()),
    ),
  ),
);

/** NVFP4's f32 tensor scale: the 4-byte header of `nvfp4_scaled`, 1 for `nvfp4` (no header). */
export function nvfp4Header(format: Format, bytes: Uint8Array): { scale: number; offset: number } {
  if (tensorHeaderBytes(format) === 0) return { scale: 1, offset: 0 };
  return { scale: new DataView(bytes.buffer, bytes.byteOffset, 4).getFloat32(0, true), offset: 4 };
}

const nvfp4Decoders = ['nvfp4', 'nvfp4_scaled'].map((name) =>
  decoder(name, 64, (kernels, src, dst, count, format) => {
    const { scale, offset } = nvfp4Header(format, new Uint8Array(kernels.memory.buffer, src, 4));
    const e4m3 = kernels.constant(codeTable('fp8_e4m3fn'));
    const e2m1 = kernels.constant(codeTable('fp4_e2m1fn'));
    kernels.exports.decodeNvfp4(src + offset, dst, Math.ceil(count / 64), scale, e4m3, e2m1);
  }),
);

const wasmDecoders = [
  f32Decoder,
  ...tableDecoders,
  ...halfDecoders,
  ...ggmlDecoders,
  ...mxDecoders,
  ...nvfp4Decoders,
];
const byFormat = new Map(wasmDecoders.map((d) => [d.format, d]));

/** The SIMD decoders, then the codec decoder that serves every other format (`'*'`). */
export const allDecoders: readonly WasmDecoder[] = [...wasmDecoders, codecDecoder];

/** Bytes a decode of x writes: whole units of its decoder. */
export function decodedBytes(x: Tensor): number {
  const unit = (byFormat.get(x.format.name) ?? codecDecoder).valuesPerUnit;
  return Math.ceil(x.size / unit) * unit * 4;
}

/** Decodes wasm tensor x into f32 at `dst` (room for decodedBytes(x)), inside linear memory. */
export function decodeInto(backend: WasmBackend, x: Tensor, dst: number): void {
  const src = backend.ptr(x);
  (byFormat.get(x.format.name) ?? codecDecoder).run(backend.kernels, src, dst, x.size, x.format);
}

function decodeConfig({ format }: WasmDecoder): KernelConfig<typeof Decode, WasmBackend> {
  return {
    op: Decode,
    backend: 'wasm',
    formats: [format],
    fn([x]: readonly Tensor[], _attrs: object, context: WasmContext): Tensor {
      const { backend } = context;
      return backend.output(context, x!.shape, (dst) => decodeInto(backend, x!, dst), {
        capacity: decodedBytes(x!),
      });
    },
  };
}

/** One kernel per SIMD decoder, and the codec kernel for every other format. */
export const decodeConfigs = allDecoders.map(decodeConfig);
