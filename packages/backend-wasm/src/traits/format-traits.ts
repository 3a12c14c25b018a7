/**
 * The wasm backend's trait table (ggml's `type_traits_cpu`): for each format, how wasm decodes it
 * (decode and get-rows) and how it runs linear — a fused kernel with the activation type it
 * reads, or `decoded`: chunks of W's rows decoded into scratch and multiplied in linear memory.
 * The kernel registrations (plugin.ts) are derived from this table; a format with no entry runs
 * its own codec on a view of linear memory (the `'*'` kernels). Layouts a kernel cannot read are
 * collected as problems, which the plugin's init reports with E_FORMAT_INVALID.
 */
import type { Format } from '@lowbit/core';
import { ggmlTypeOf } from '@lowbit/formats';
import { DecoderKind, decoderFor, type WasmDecoder } from './decoders.ts';
import { type FusedSpec, f32Activations, plain, withScales } from './gemvs.ts';
import { GGML_TRAITS } from './ggml-traits.ts';
import { intCodesLinear } from './int-codes.ts';

export interface FormatTraits {
  format: string;
  decoder: WasmDecoder;
  /** linear [f32, format]: a fused kernel, or decode-then-GEMV in linear memory. */
  linear: FusedSpec | 'decoded';
  /** linear [f32, format, f32] with per-group scales, where a fused kernel exists. */
  scaledLinear?: FusedSpec;
  encoder?: 'encodeQ8_0' | 'encodeQ4_0';
}

/** Twice FP4 E2M1's values by code: gemvMxfp4 and gemvNvfp4 hold these as int8 lanes. */
const E2M1_DOUBLED = [0, 1, 2, 3, 4, 6, 8, 12, -0, -1, -2, -3, -4, -6, -8, -12];

const isE2m1 = (table: Float32Array) => E2M1_DOUBLED.every((v, c) => Object.is(table[c]! * 2, v));

/** NVFP4's fused GEMV: the E4M3 scale table and the tensor scale follow its decoder's header. */
function nvfp4Linear(decoder: WasmDecoder): FusedSpec {
  return {
    block: 64,
    gemv: plain('gemvNvfp4'),
    header(kernels, at, format) {
      const { offset, b, s } = decoder.args(kernels, at, format);
      return { offset, extra: [b, s] };
    },
  };
}

/** Fused kernels found by format properties (not names); `decoded` where none applies. */
function linearFor(format: Format, decoder: WasmDecoder): Omit<FormatTraits, 'format' | 'decoder'> {
  const { family, bits } = format;
  if (decoder.kind === DecoderKind.Half && format.range.max === 65504)
    return { linear: { block: 1, activations: 'f32', gemv: f32Activations('gemvF16') } };
  if (decoder.mx?.layout === 1 && isE2m1(decoder.mx.table))
    return { linear: { block: 32, gemv: plain('gemvMxfp4') } };
  if (decoder.kind === DecoderKind.Nvfp4) return { linear: nvfp4Linear(decoder) };
  const linear = intCodesLinear(format, decoder) ?? 'decoded';
  const signedInt = family === 'integer' && format.range.min < 0;
  if (signedInt && (bits === 8 || bits === 4))
    return {
      linear,
      scaledLinear: {
        block: 32,
        scaled: true,
        gemv: withScales(bits === 8 ? 'gemvInt8' : 'gemvInt4'),
      },
    };
  return { linear };
}

export interface TraitTable {
  traits: FormatTraits[];
  /** Formats whose registered layout a wasm kernel would misread: init refuses them. */
  problems: string[];
}

/** The trait table for `formats` (the registry's, or @lowbit/formats' allFormats). */
export function wasmFormatTraits(formats: readonly Format[]): TraitTable {
  const traits: FormatTraits[] = [];
  const problems: string[] = [];
  for (const format of formats) {
    const type = ggmlTypeOf(format);
    const ggml = type === undefined ? undefined : GGML_TRAITS.get(type);
    if (ggml) {
      const { size, bytes } = format.block ?? { size: 1, bytes: format.bits / 8 };
      if (size !== ggml.size || bytes !== ggml.bytes)
        problems.push(
          `${format.name} (ggml type ${type}): blocks of ${size} values in ${bytes} bytes, the wasm kernel reads ${ggml.size} in ${ggml.bytes}`,
        );
      else
        traits.push({
          format: format.name,
          decoder: ggml.decoder,
          linear: ggml.linear ?? 'decoded',
          ...(ggml.encoder ? { encoder: ggml.encoder } : {}),
        });
      continue;
    }
    const decoder = decoderFor(format);
    if (typeof decoder === 'string') problems.push(decoder);
    else if (decoder) traits.push({ format: format.name, decoder, ...linearFor(format, decoder) });
  }
  return { traits, problems };
}
