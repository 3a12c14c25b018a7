import type { EncodeOptions, Format } from '../format/format.ts';
import { resolveFormat } from '../format/format-registry.ts';
import { Decode, Encode } from '../kernel/op-names.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { single } from './single.ts';

/** `x` re-encoded into `format` on its backend (packed inputs are decoded first). */
export async function encode(
  x: Tensor,
  format: string | Format,
  options: EncodeOptions = {},
): Promise<Tensor> {
  const { name } = resolveFormat(format);
  return single(x.host.run(Encode, [x], { ...options, format: name }));
}

/** `x` decoded to an f32 tensor on its backend. */
export async function decode(x: Tensor): Promise<Tensor> {
  return single(x.host.run(Decode, [x], {}));
}
