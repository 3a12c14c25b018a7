/**
 * Host f32 values of the weights an evaluation rewrites, and writing them back as engine tensors
 * on the model's backend. A linear's values include its per-group scales (a llama2.c version-2
 * int8 matrix reads back as the real weights).
 */
import type { Tensor } from '@lowbit/core';
import { type LinearWeight, type LlamaWeights, tensorsOf } from '../model/llama-weights.ts';
import type { LlamaModel } from '../model/load-llama.ts';

/** W's values as f32 [out, in], its group scales applied. */
export async function linearValues(linear: LinearWeight): Promise<Float32Array> {
  const values = await linear.weight.read();
  if (!linear.scales) return values;
  const scales = await linear.scales.read();
  const [rows, k] = linear.weight.shape as [number, number];
  const group = k / (scales.length / rows);
  for (let i = 0; i < values.length; i++) values[i]! *= scales[Math.floor(i / group)]!;
  return values;
}

/** An f32 tensor on the model's backend. */
export const f32Tensor = (model: LlamaModel, values: Float32Array, shape: readonly number[]) =>
  model.engine.tensor(values, [...shape], { backend: model.backend });

/** A label for a linear's stored form: its format, and `/gN` when it has group scales. */
export function storedLabel(weight: Tensor, scales?: Tensor): string {
  if (!scales) return weight.format.name;
  const k = weight.shape[1]!;
  const groups = scales.shape[1]!;
  return groups === 1 ? `${weight.format.name}/ch` : `${weight.format.name}/g${k / groups}`;
}

/** Disposes the tensors of `before` that the weights no longer hold. */
export function disposeReplaced(before: ReadonlySet<Tensor>, weights: LlamaWeights): void {
  const after = tensorsOf(weights);
  for (const t of before) if (!after.has(t) && !t.disposed) t.dispose();
}
