/**
 * Bulk encode on wasm, bit-exact with the cpu codecs: every minifloat (f16, bf16, FP8, FP6,
 * FP4, E8M0) with round-to-nearest-even, and ggml q8_0 / q4_0, from and into linear memory.
 * Other formats and rounding modes run the format's own codec on a view of linear memory.
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

/** IEEE binary16 (e5m10, bias 15): encoded by its own SIMD kernel, straight into 16-bit codes. */
const isBinary16 = ({ spec }: MinifloatCodec) =>
  spec.exponentBits === 5 && spec.mantissaBits === 10 && spec.bias === 15 && spec.policy === 'ieee';

/** Nearest-even minifloat codes of `count` f32 at `src`, packed at `dst`. */
function encodeMinifloat(
  kernels: WasmKernels,
  [src, dst, count]: readonly [number, number, number],
  codec: MinifloatCodec,
  saturate: boolean,
): void {
  if (isBinary16(codec)) {
    kernels.exports.encodeHalf(src, dst, count, saturate ? 1 : 0);
    return;
  }
  kernels.call((frame) => {
    const codes = frame.reserve(count * 2);
    kernels.exports.encodeMinifloat(src, codes, count, ...minifloatParams(codec), saturate ? 1 : 0);
    kernels.exports.packCodes(codes, dst, count, codec.bits);
  });
}

/** ggml blocks of `count` f32 at `src` (a partial last block padded with zeros), at `dst`. */
function encodeGgml(
  kernels: WasmKernels,
  [src, dst, count]: readonly [number, number, number],
  fn: 'encodeQ8_0' | 'encodeQ4_0',
): void {
  const blocks = Math.ceil(count / 32);
  if (count % 32 === 0) {
    kernels.exports[fn](src, dst, blocks);
    return;
  }
  kernels.call((frame) => {
    const padded = frame.reserve(blocks * 128);
    frame.floats(padded, blocks * 32).fill(0);
    kernels.move(padded, src, count * 4);
    kernels.exports[fn](padded, dst, blocks);
  });
}

/** True when every value is finite (read in place). */
function allFinite(kernels: WasmKernels, at: number, count: number): boolean {
  return new Float32Array(kernels.memory.buffer, at, count).every(Number.isFinite);
}

/**
 * `count` f32 at `src` encoded into `format` at `dst` with its default options — the bytes of
 * `format.encode(values)`: nearest-even minifloats (f16 …) in the module, anything else by the
 * format's codec on a view of linear memory (its bytes copied in).
 */
export function encodeDefault(
  kernels: WasmKernels,
  src: number,
  dst: number,
  count: number,
  format: Format,
): void {
  const { rounding, overflow } = resolveEncodeOptions(format, {});
  const codec = codecOf(format);
  if (rounding === 'nearest-even' && codec) {
    encodeMinifloat(kernels, [src, dst, count], codec, overflow === 'saturate');
    return;
  }
  kernels.copyIn(dst, format.encode(new Float32Array(kernels.memory.buffer, src, count)));
}

/** The encode kernel; `blockEncoders` are the trait table's ggml block encoders by format name. */
export const encodeConfig = (
  blockEncoders: ReadonlyMap<string, 'encodeQ8_0' | 'encodeQ4_0'>,
): KernelConfig<typeof Encode, WasmBackend> => ({
  op: Encode,
  backend: 'wasm',
  fn([x]: readonly Tensor[], attrs: EncodeAttrs, context: WasmContext): Tensor {
    const { format: name, ...options } = attrs;
    const format = getFormat(name);
    const { backend } = context;
    const { kernels } = backend;
    const src = backend.ptr(x!);
    const { rounding, overflow } = resolveEncodeOptions(format, options);
    const codec = codecOf(format);
    const ggml = blockEncoders.get(name);
    const run = (dst: number) => [src, dst, x!.size] as const;
    if (rounding === 'nearest-even' && codec)
      return backend.output(
        context,
        x!.shape,
        (dst) => encodeMinifloat(kernels, run(dst), codec, overflow === 'saturate'),
        { format },
      );
    // ±Inf/NaN follow the formats' block rule (scales from finite values), which the codec has.
    if (rounding === 'nearest-even' && ggml && allFinite(kernels, src, x!.size))
      return backend.output(context, x!.shape, (dst) => encodeGgml(kernels, run(dst), ggml), {
        format,
      });
    const values = new Float32Array(kernels.memory.buffer, src, x!.size);
    return backend.fromHost(context, format.encode(values, options), x!.shape, format);
  },
});
