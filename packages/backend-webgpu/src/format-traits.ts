/**
 * The backend's one table of formats (ggml's type_traits, per STYLE.md §13): for a Format, the
 * WGSL decode snippet that defines `decode_bits(i)`, its pipeline constants and, for table
 * formats, the value of every code. Derived from what the format declares — a minifloat's
 * exponent/mantissa/bias/policy, a scalar format's `values()` — except ggml block layouts,
 * written once each as a snippet. Formats with no entry have no webgpu decode.
 */
import type { Format } from '@lowbit/core';
import { wgsl } from './wgsl.generated.ts';

export interface FormatTrait {
  /** Cache key part. */
  key: string;
  /** WGSL defining `packed` (binding 1) and `decode_bits(i: u32) -> u32`. */
  code: string;
  constants?: Record<string, number>;
  /** f32 bits of every code (binding 2), for table formats. */
  table?: Uint32Array;
}

const POLICIES = ['ieee', 'fn', 'fnuz', 'finite', 'e8m0'] as const;

interface MinifloatParams {
  exponentBits: number;
  mantissaBits: number;
  bias: number;
  policy: (typeof POLICIES)[number];
}

/** A minifloat's parameters (the spec its codec was built from). */
function minifloatParams(format: Format): MinifloatParams | undefined {
  const spec = (format as { codec?: { spec?: MinifloatParams } }).codec?.spec;
  return spec && POLICIES.includes(spec.policy) ? spec : undefined;
}

const BLOCK_SNIPPETS: Record<string, keyof typeof wgsl> = {
  q4_0: 'formats/q4_0',
  q8_0: 'formats/q8_0',
};

const packable = (bits: number) => (bits >= 1 && bits <= 8) || bits === 16;

export function formatTrait(format: Format): FormatTrait | undefined {
  if (format.name === 'f32') return { key: 'f32', code: wgsl['formats/f32'] };
  const block = BLOCK_SNIPPETS[format.name];
  if (block) return { key: format.name, code: wgsl['formats/bytes'] + wgsl[block] };
  if (format.block || !packable(format.bits)) return undefined;
  const params = minifloatParams(format);
  if (params) {
    return {
      key: `minifloat:${format.name}`,
      code: wgsl['formats/minifloat'] + wgsl['formats/codes'],
      constants: {
        BITS: format.bits,
        EXP_BITS: params.exponentBits,
        MAN_BITS: params.mantissaBits,
        BIAS: params.bias,
        POLICY: POLICIES.indexOf(params.policy),
      },
    };
  }
  const values = format.values?.();
  if (!values) return undefined;
  return {
    key: `lut:${format.name}`,
    code: wgsl['formats/lut'] + wgsl['formats/codes'],
    constants: { BITS: format.bits },
    table: new Uint32Array(values.buffer, values.byteOffset, values.length),
  };
}
