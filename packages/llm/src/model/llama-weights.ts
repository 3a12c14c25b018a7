/**
 * A Llama-family model's weights as engine tensors in their stored formats — a plain, mutable
 * structure so that an evaluation layer can rewrite it before building a session: re-quantize a
 * linear (replace `weight`, add `scales`), rotate weights and set the matching online `input`
 * transform, fold norms. Names follow GGUF (`blk.3.attn_q.weight`) wherever they are listed.
 */
import type { Tensor } from '@lowbit/core';

/** A linear layer y = (input(x))·Wᵀ (+ bias), run by the engine's fused `linear` kernels. */
export interface LinearWeight {
  /** W [out, in] in any format. */
  weight: Tensor;
  /** Per-group scales [out, G] (f32) for scalar integer weights; W's row j, group g ×= scales[j][g]. */
  scales?: Tensor;
  /** Bias [out] (f32), added after the product (qwen2's q/k/v). */
  bias?: Tensor;
  /**
   * An online transform of the layer's input [T, in] → [T, in] applied before the product
   * (e.g. a Hadamard rotation whose inverse was folded into W). Runs inside the session's tidy
   * scope: it may allocate freely.
   */
  input?: (x: Tensor) => Tensor;
  /**
   * What `input` does when it is the seeded random Hadamard rotation and nothing else: recorded
   * so the model can be written to a file (`lowbit.online_hadamard.*`) and loaded back.
   */
  rotation?: { seed: number };
}

export interface LayerWeights {
  attnNorm: Tensor;
  q: LinearWeight;
  k: LinearWeight;
  v: LinearWeight;
  o: LinearWeight;
  ffnNorm: Tensor;
  gate: LinearWeight;
  up: LinearWeight;
  down: LinearWeight;
}

export interface LlamaWeights {
  /** The embedding table [vocab, dim] (any format getRows reads). */
  tokenEmbd: Tensor;
  layers: LayerWeights[];
  outputNorm: Tensor;
  /** The classifier; when tied, `output.weight` is the `tokenEmbd` tensor itself. */
  output: LinearWeight;
}

/** The linears of a layer under their GGUF names' suffixes. */
export const LAYER_LINEARS = {
  q: 'attn_q',
  k: 'attn_k',
  v: 'attn_v',
  o: 'attn_output',
  gate: 'ffn_gate',
  up: 'ffn_up',
  down: 'ffn_down',
} as const satisfies Record<string, string>;

export type LayerLinear = keyof typeof LAYER_LINEARS;

/** Every linear with its GGUF weight name (`blk.0.attn_q.weight`, …, `output.weight`). */
export function* linearsOf(weights: LlamaWeights): Generator<[string, LinearWeight]> {
  for (const [l, layer] of weights.layers.entries())
    for (const [key, name] of Object.entries(LAYER_LINEARS))
      yield [`blk.${l}.${name}.weight`, layer[key as LayerLinear]];
  yield ['output.weight', weights.output];
}

/** Every tensor the weights hold, each once (a tied classifier shares the embedding table). */
export function tensorsOf(weights: LlamaWeights): Set<Tensor> {
  const all = new Set<Tensor>([weights.tokenEmbd, weights.outputNorm]);
  for (const layer of weights.layers) all.add(layer.attnNorm).add(layer.ffnNorm);
  for (const [, linear] of linearsOf(weights))
    for (const t of [linear.weight, linear.scales, linear.bias]) if (t) all.add(t);
  return all;
}

/** Bytes the weights hold as stored (what "model size" means for a format). */
export function weightBytes(weights: LlamaWeights): number {
  let bytes = 0;
  for (const t of tensorsOf(weights)) bytes += t.byteLength;
  return bytes;
}

export function disposeWeights(weights: LlamaWeights): void {
  for (const t of tensorsOf(weights)) if (!t.disposed) t.dispose();
}
