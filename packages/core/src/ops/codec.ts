import type { EncodeOptions, Format } from '../format/format.ts';
import { resolveFormat } from '../format/format-registry.ts';
import { Decode, Encode } from '../kernel/op-names.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { NO_ATTRS } from './no-attrs.ts';

/** `x` re-encoded into `format` on its backend (packed inputs are decoded first). */
export function encode(x: Tensor, format: string | Format, options: EncodeOptions = {}): Tensor {
  const { name } = resolveFormat(format);
  return x.host.runOne(Encode, [x], { ...options, format: name });
}

/** `x` decoded to an f32 tensor on its backend. */
export function decode(x: Tensor): Tensor {
  return x.host.runOne(Decode, [x], NO_ATTRS);
}
