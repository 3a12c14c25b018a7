/**
 * Bulk encode on wasm, bit-exact with the cpu codecs: every minifloat (f16, bf16, FP8, FP6,
 * FP4, E8M0) with round-to-nearest-even, and ggml q8_0 / q4_0. Other formats and rounding
 * modes run the format's own codec on the same host storage.
 */
import {
  Encode,
  type EncodeAttrs,
  type Format,
  getFormat,
  type KernelConfig,
  type MinifloatCodec,
  resolveEncodeOptions,
  type Tensor,
} from '@lowbit/core';
import type { WasmBackend } from '../wasm-backend.ts';
import type { WasmKernels } from '../wasm-module.ts';
import type { WasmContext } from './row-kernel.ts';

const POLICIES = ['ieee', 'fn', 'fnuz', 'finite', 'e8m0'] as const;

/** The constants assembly/encode.ts's encodeMinifloat takes, derived as core's codec does. */
function minifloatParams(codec: MinifloatCodec): number[] {
  const { exponentBits: eb, mantissaBits: m, bias, policy } = codec.spec;
  const signBit = policy === 'e8m0' ? 0 : 1 << (eb + m);
  const infCode = policy === 'ieee' ? ((1 << eb) - 1) << m : 0;
  return [m, bias, POLICIES.indexOf(policy), codec.maxCode, codec.nanCode, infCode, signBit];
}

const codecOf = (format: Format) => (format as Format & { codec?: MinifloatCodec }).codec;

function encodeMinifloat(
  kernels: WasmKernels,
  x: Float32Array,
  format: Format,
  codec: MinifloatCodec,
  saturate: boolean,
): Uint8Array {
  const frame = kernels.frame();
  const src = frame.put(x);
  const codes = frame.reserve(x.length * 2);
  const dst = frame.reserve(format.byteLength(x.length));
  kernels.exports.encodeMinifloat(
    src,
    codes,
    x.length,
    ...minifloatParams(codec),
    saturate ? 1 : 0,
  );
  kernels.exports.packCodes(codes, dst, x.length, codec.bits);
  return frame.bytes(dst, format.byteLength(x.length)).slice();
}

const GGML_ENCODERS = { q8_0: 'encodeQ8_0', q4_0: 'encodeQ4_0' } as const;

function encodeGgml(
  kernels: WasmKernels,
  x: Float32Array,
  format: Format,
  fn: 'encodeQ8_0' | 'encodeQ4_0',
): Uint8Array {
  const blocks = Math.ceil(x.length / 32);
  const frame = kernels.frame();
  const src = frame.reserve(blocks * 128);
  frame
    .floats(src, blocks * 32)
    .fill(0)
    .set(x);
  const dst = frame.reserve(format.byteLength(x.length));
  kernels.exports[fn](src, dst, blocks);
  return frame.bytes(dst, format.byteLength(x.length)).slice();
}

export const encodeConfig: KernelConfig<typeof Encode, WasmBackend> = {
  op: Encode,
  backend: 'wasm',
  fn([x]: readonly Tensor[], attrs: EncodeAttrs, context: WasmContext): Tensor {
    const { format: name, ...options } = attrs;
    const format = getFormat(name);
    const values = context.backend.floats(x!);
    const { rounding, overflow } = resolveEncodeOptions(format, options);
    const codec = codecOf(format);
    const ggml = GGML_ENCODERS[name as keyof typeof GGML_ENCODERS];
    let bytes: Uint8Array;
    if (rounding !== 'nearest-even') bytes = format.encode(values, options);
    else if (codec)
      bytes = encodeMinifloat(
        context.backend.kernels,
        values,
        format,
        codec,
        overflow === 'saturate',
      );
    // ±Inf/NaN follow the formats' block rule (scales from finite values), which the codec has.
    else if (ggml && values.every(Number.isFinite))
      bytes = encodeGgml(context.backend.kernels, values, format, ggml);
    else bytes = format.encode(values, options);
    return context.wrap(bytes, x!.shape, format);
  },
};
