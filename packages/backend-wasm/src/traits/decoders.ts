/**
 * How wasm decodes each format, derived from the format's properties (ggml's `type_traits_cpu`
 * `to_float`): one table kernel for every scalar format of ≤ 16 bits (its own decode of every
 * code is the table), bit arithmetic for binary16/bfloat16, one MX kernel parameterised by the
 * element table and nibble order (both read back from the format's own decode of probe blocks,
 * so a layout the kernel cannot read is refused at init), one NVFP4 kernel (with or without a
 * tensor-scale header), and a ggml type's own kernel (ggml-traits.ts). Every decoder runs through
 * assembly/gemv-decoded.ts's `decodeAny`, the one switch from kind to kernel.
 */
import { type Format, getFormat, packCodes, rowLayout } from '@lowbit/core';
import { writeHalf } from '@lowbit/formats';
import { codeTable } from '../kernels/code-table.ts';
import type { WasmKernels } from '../wasm-module.ts';

/** assembly/gemv-decoded.ts's decoder kinds (same numbers). */
export const DecoderKind = {
  F32: 0,
  Table: 1,
  Half: 2,
  Mx: 3,
  Nvfp4: 4,
  Q4_0: 5,
  Q8_0: 6,
  Q4K: 7,
  Q5K: 8,
  Q6K: 9,
  Q4_1: 10,
  Q5_0: 11,
  Q5_1: 12,
  Iq4Nl: 13,
  Tq2_0: 14,
  Q2K: 15,
  Q3K: 16,
  Iq4Xs: 17,
  Tq1_0: 18,
  Iq2Xxs: 19,
  Iq2Xs: 20,
  Iq2S: 21,
  Iq3Xxs: 22,
  Iq3S: 23,
  Iq1S: 24,
  Iq1M: 25,
  Q1_0: 26,
  Q2_0: 27,
  LearnedLut: 28,
} as const;
export type DecoderKind = (typeof DecoderKind)[keyof typeof DecoderKind];

/** decodeAny's parameters for one tensor (or row), and the bytes before its first block. */
export interface DecodeArgs {
  offset: number;
  a: number;
  b: number;
  c: number;
  s: number;
}

export interface WasmDecoder {
  kind: DecoderKind;
  /** Values written per unit (block): the output needs room for whole units. */
  unit: number;
  /**
   * decodeAny's parameters, given the packed bytes' address (headers are read there) and the
   * tensor's format (a format re-registered with { override: true } brings its own table).
   */
  args(kernels: WasmKernels, src: number, format: Format): DecodeArgs;
  /** MX decoders: the element table and order they read. */
  mx?: MxElements;
}

const NO_ARGS: DecodeArgs = { offset: 0, a: 0, b: 0, c: 0, s: 1 };
const fixed = (kind: DecoderKind, unit: number, args: Partial<DecodeArgs> = {}): WasmDecoder => ({
  kind,
  unit,
  args: () => ({ ...NO_ARGS, ...args }),
});

/** MX's element values and nibble order, as the format itself decodes them. */
export interface MxElements {
  bits: number;
  /** 0: a little-endian bit stream of codes; 1: ggml's (byte j: element j low, j + 16 high). */
  layout: 0 | 1;
  table: Float32Array;
}

const sameValue = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

/** One MX block with scale 2^0 and `codes` in `layout`. */
function mxBlock(codes: readonly number[], bits: number, layout: 0 | 1): Uint8Array {
  const body =
    layout === 0
      ? packCodes(Uint16Array.from(codes), bits)
      : Uint8Array.from({ length: 16 }, (_, j) => codes[j]! | (codes[j + 16]! << 4));
  return Uint8Array.of(127, ...body);
}

/**
 * The element table of an MX-shaped format (one E8M0 scale per 32, 1 + 4·bits bytes), probed
 * with blocks of one repeated code (identical bytes in either layout), and which layout its
 * decode reads; a string saying why when neither matches.
 */
export function probeMx(format: Format): MxElements | string {
  const { bits } = format;
  const table = new Float32Array(2 ** bits);
  for (let code = 0; code < table.length; code++)
    table[code] = format.decode(mxBlock(Array(32).fill(code), bits, 0), 32)[0]!;
  const codes = Array.from({ length: 32 }, (_, j) => (j * 7 + 3) % table.length);
  for (const layout of bits === 4 ? ([0, 1] as const) : ([0] as const)) {
    const got = format.decode(mxBlock(codes, bits, layout), 32);
    if (codes.every((c, j) => sameValue(got[j]!, table[c]!))) return { bits, layout, table };
  }
  return `${format.name}: an MX block whose element order the wasm MX kernel cannot read`;
}

const isMxShaped = (f: Format) =>
  f.block?.size === 32 &&
  f.block.bytes === 1 + 4 * f.bits &&
  f.block.scales.length === 1 &&
  f.block.scales[0]!.format === 'e8m0';

const isNvfp4Shaped = (f: Format) =>
  f.bits === 4 &&
  f.block?.size === 64 &&
  f.block.bytes === 36 &&
  f.block.scales.some((s) => s.format === 'fp8_e4m3fn' && s.blockSize === 16);

function mxDecoder(elements: MxElements): WasmDecoder {
  return {
    kind: DecoderKind.Mx,
    unit: 32,
    mx: elements,
    args: (kernels) => ({
      ...NO_ARGS,
      a: elements.bits,
      b: elements.layout,
      c: kernels.constant(elements.table),
    }),
  };
}

/** NVFP4 blocks of 64 after an optional f32 tensor-scale header (the format's byteLength(0)). */
function nvfp4Decoder(format: Format): WasmDecoder {
  const { header } = rowLayout(format, 0);
  return {
    kind: DecoderKind.Nvfp4,
    unit: 64,
    args(kernels, src) {
      const s = header === 4 ? new DataView(kernels.memory.buffer, src, 4).getFloat32(0, true) : 1;
      return {
        offset: header,
        a: 0,
        b: kernels.constant(codeTable(getFormat('fp8_e4m3fn'))),
        c: kernels.constant(codeTable(getFormat('fp4_e2m1fn'))),
        s,
      };
    },
  };
}

/** Learned 4-bit LUTs (any4): a 16-entry f16 table per group, then the group's nibbles. */
const isLearnedLutShaped = (f: Format) =>
  f.family === 'lookup-table' &&
  f.bits === 4 &&
  f.block !== undefined &&
  f.block.bytes === 32 + f.block.size / 2 &&
  f.block.scales.length === 1 &&
  f.block.scales[0]!.format === 'f16';

/**
 * The learned-LUT kernel, once one probe group (entries (e − 7)/4, codes in a scattered order)
 * decodes as it reads it: 16 f16 entries, then nibbles low first; a reason when it does not.
 */
function learnedLutDecoder(format: Format): WasmDecoder | string {
  const size = format.block!.size;
  const group = new Uint8Array(format.block!.bytes);
  const codes = Array.from({ length: size }, (_, j) => (j * 7 + 3) % 16);
  for (let e = 0; e < 16; e++) writeHalf(group, 2 * e, (e - 7) / 4);
  codes.forEach((c, j) => {
    group[32 + (j >> 1)]! |= c << (4 * (j & 1));
  });
  const got = format.decode(group, size);
  if (!codes.every((c, j) => got[j] === (c - 7) / 4))
    return `${format.name}: a learned-LUT group whose layout the wasm kernel cannot read`;
  return fixed(DecoderKind.LearnedLut, size);
}

/** The decoder for a non-ggml format from its properties, a reason it has none, or undefined. */
export function decoderFor(format: Format): WasmDecoder | string | undefined {
  const { bits, family } = format;
  if (!format.block) {
    if (family === 'ieee-float' && bits === 32) return fixed(DecoderKind.F32, 1);
    if (family === 'ieee-float' && bits === 16)
      return fixed(DecoderKind.Half, 1, { a: format.range.max === 65504 ? 0 : 1 });
    if (!Number.isInteger(bits) || bits > 16) return undefined;
    return {
      kind: DecoderKind.Table,
      unit: 1,
      args: (kernels, _src, current) => ({
        ...NO_ARGS,
        a: bits,
        b: kernels.constant(codeTable(current)),
      }),
    };
  }
  if (isMxShaped(format)) {
    const elements = probeMx(format);
    return typeof elements === 'string' ? elements : mxDecoder(elements);
  }
  if (isNvfp4Shaped(format)) return nvfp4Decoder(format);
  if (isLearnedLutShaped(format)) return learnedLutDecoder(format);
  return undefined;
}
