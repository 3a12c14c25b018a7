import type { Tensor } from '../tensor/tensor.ts';

/** The one output of a single-output op. */
export async function single(outputs: Promise<Tensor[]>): Promise<Tensor> {
  return (await outputs)[0]!;
}
