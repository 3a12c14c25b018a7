/**
 * The ggml types wasm has kernels for, keyed by ggml type id (ggml.h's enum, as ggml's own
 * `type_traits_cpu` is): the block layout each kernel reads (checked against the registered
 * format at init), its decoder, its fused GEMV with the activation type it reads, and its
 * encoder. Types without a fused GEMV run linear as decode-then-GEMV in linear memory.
 */
import {
  IQ4_NL_VALUES,
  iq1s_grid,
  iq2s_grid,
  iq2xs_grid,
  iq2xxs_grid,
  iq3s_grid,
  iq3xxs_grid,
  ksigns_iq2xs,
} from '@lowbit/formats';
import type { WasmKernels } from '../wasm-module.ts';
import { DecoderKind, type WasmDecoder } from './decoders.ts';
import { type FusedSpec, plain, withScratch, withSums } from './gemvs.ts';

/**
 * gemvQ4_0/gemvQ8_0's scratch per thread: the activations reordered (m·k i16), one i32 per
 * block, and 160 bytes for the block dots and constants (assembly/gemv-q4-q8.ts).
 */
const evenOddScratch = (m: number, k: number) => (m * k * 17) / 8 + 160;

/** gemvTq2_0's scratch per thread: 64 tables of 256 i16, 256 int8 and 32 i16 half sums. */
const TERNARY_SCRATCH = 64 * 512 + 320;

export interface GgmlTraits {
  /** Values and bytes per block the kernels assume. */
  size: number;
  bytes: number;
  decoder: WasmDecoder;
  linear?: FusedSpec;
  /** assembly/encode.ts's nearest-even block encoder. */
  encoder?: 'encodeQ8_0' | 'encodeQ4_0';
}

const iq4Floats = Float32Array.from(IQ4_NL_VALUES);
const iq4Bytes = Int8Array.from(IQ4_NL_VALUES);
/** The iq4 GEMVs' trailing argument: the codebook as 16 int8 lanes. */
const iq4Header = (kernels: WasmKernels) => ({ offset: 0, extra: [kernels.constant(iq4Bytes)] });

/** A decoder reading up to two constant tables (placed in linear memory once per backend). */
const decoder = (kind: DecoderKind, unit: number, b?: ArrayBufferView, c?: ArrayBufferView) => ({
  kind,
  unit,
  args: (kernels: WasmKernels) => ({
    offset: 0,
    a: 0,
    b: b ? kernels.constant(b) : 0,
    c: c ? kernels.constant(c) : 0,
    s: 1,
  }),
});

/** A type decoded by its kernel, linear through decode-then-GEMV. */
const decodedOnly = (
  kind: DecoderKind,
  size: number,
  bytes: number,
  b?: ArrayBufferView,
  c?: ArrayBufferView,
): GgmlTraits => ({ size, bytes, decoder: decoder(kind, size, b, c) });

const block32 = (kind: DecoderKind, bytes: number, linear: FusedSpec) => ({
  size: 32,
  bytes,
  decoder: decoder(kind, 32),
  linear,
});
const block256 = (kind: DecoderKind, bytes: number, linear: FusedSpec) => ({
  size: 256,
  bytes,
  decoder: decoder(kind, 256),
  linear,
});

export const GGML_TRAITS: ReadonlyMap<number, GgmlTraits> = new Map<number, GgmlTraits>([
  [
    2,
    {
      ...block32(DecoderKind.Q4_0, 18, {
        block: 32,
        gemv: withScratch('gemvQ4_0', evenOddScratch),
      }),
      encoder: 'encodeQ4_0',
    },
  ],
  [3, block32(DecoderKind.Q4_1, 20, { block: 32, gemv: withSums('gemvQ4_1') })],
  [6, block32(DecoderKind.Q5_0, 22, { block: 32, gemv: withSums('gemvQ5_0') })],
  [7, block32(DecoderKind.Q5_1, 24, { block: 32, gemv: withSums('gemvQ5_1') })],
  [
    8,
    {
      ...block32(DecoderKind.Q8_0, 34, {
        block: 32,
        gemv: withScratch('gemvQ8_0', evenOddScratch),
      }),
      encoder: 'encodeQ8_0',
    },
  ],
  [12, block256(DecoderKind.Q4K, 144, { block: 256, gemv: withSums('gemvQ4K') })],
  [13, block256(DecoderKind.Q5K, 176, { block: 256, gemv: withSums('gemvQ5K') })],
  [14, block256(DecoderKind.Q6K, 210, { block: 256, gemv: plain('gemvQ6K') })],
  [
    20,
    {
      size: 32,
      bytes: 18,
      decoder: decoder(DecoderKind.Iq4Nl, 32, iq4Floats),
      linear: {
        block: 32,
        gemv: plain('gemvIq4Nl'),
        header: iq4Header,
      },
    },
  ],
  [
    35,
    block256(DecoderKind.Tq2_0, 66, {
      block: 256,
      activations: 'f32',
      declares: 'q8',
      gemv: (o, start, count, y, frame) => ({
        fn: 'gemvTq2_0',
        args: [o.x, o.w + start * o.rowBytes, y, o.m, count, o.k, frame.reserve(TERNARY_SCRATCH)],
      }),
    }),
  ],
  [10, block256(DecoderKind.Q2K, 84, { block: 256, gemv: plain('gemvQ2K') })],
  [11, block256(DecoderKind.Q3K, 110, { block: 256, gemv: plain('gemvQ3K') })],
  [16, decodedOnly(DecoderKind.Iq2Xxs, 256, 66, iq2xxs_grid, ksigns_iq2xs)],
  [17, decodedOnly(DecoderKind.Iq2Xs, 256, 74, iq2xs_grid, ksigns_iq2xs)],
  [18, decodedOnly(DecoderKind.Iq3Xxs, 256, 98, iq3xxs_grid, ksigns_iq2xs)],
  [19, decodedOnly(DecoderKind.Iq1S, 256, 50, iq1s_grid)],
  [21, decodedOnly(DecoderKind.Iq3S, 256, 110, iq3s_grid)],
  [22, decodedOnly(DecoderKind.Iq2S, 256, 82, iq2s_grid)],
  [
    23,
    {
      ...decodedOnly(DecoderKind.Iq4Xs, 256, 136, iq4Floats),
      linear: { block: 256, gemv: plain('gemvIq4Xs'), header: iq4Header },
    },
  ],
  [29, decodedOnly(DecoderKind.Iq1M, 256, 56, iq1s_grid)],
  [34, decodedOnly(DecoderKind.Tq1_0, 256, 54)],
  [41, decodedOnly(DecoderKind.Q1_0, 128, 18)],
  [42, decodedOnly(DecoderKind.Q2_0, 64, 18)],
]);
