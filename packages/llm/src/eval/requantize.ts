/**
 * Re-quantizing a loaded model's weights to another format, tensor by tensor, with per-tensor
 * rules (llama.cpp's mixes: keep `output` and `token_embd` at q8_0, as its Q4_K_M keeps them at
 * higher precision). A spec is a registered format (`q4_K`, `mxfp4`, `nvfp4`, `q8_0`, `f16`) or a
 * scaled spec of @lowbit/quant (`int4/g32`, `fp8_e4m3fn/ch`; a bare scalar format of under 16
 * bits, such as `int4`, takes per-channel scales as `parseFormatSpec` gives them). Block formats
 * carry their scales; scaled specs become the linear's `scales` [out, G]. A tensor that cannot
 * take its format (rows not a multiple of the block or group, a table getRows must read without
 * scales, zero points) is kept as it is, with the reason, as `lowbit convert` keeps it.
 *
 * Values are re-encoded from the tensor's decoded f32 values (scales applied), so apply a
 * transform (./transforms.ts) first: transform, then re-quantize.
 */
import { type Format, getFormat, type Tensor } from '@lowbit/core';
import { type FormatSpec, parseFormatSpec, quantize } from '@lowbit/quant';
import {
  type LinearWeight,
  type LlamaWeights,
  linearsOf,
  tensorsOf,
  weightBytes,
} from '../model/llama-weights.ts';
import type { LlamaModel } from '../model/load-llama.ts';
import { disposeReplaced, f32Tensor, linearValues, storedLabel } from './weight-values.ts';

export interface TensorRule {
  /** Matched against GGUF names (`token_embd.weight`, `blk.0.ffn_down.weight`, `output.weight`). */
  match: RegExp;
  /** The spec for matching tensors (the first matching rule wins). */
  format: string;
}

/** Named rule sets. `keep-ends-q8_0`: the classifier and the embedding table stay at q8_0. */
export const RULE_PRESETS: Readonly<Record<string, readonly TensorRule[]>> = {
  'keep-ends-q8_0': [{ match: /^(output|token_embd)\.weight$/, format: 'q8_0' }],
};

export interface RequantizeOptions {
  rules?: readonly TensorRule[];
}

export interface TensorChange {
  name: string;
  /** Stored form before (`f32`, `q8_0`, `int8/g32`). */
  from: string;
  /** Stored form after (= from when kept). */
  to: string;
  /** Why the tensor was not re-encoded to its spec. */
  kept?: string;
}

export interface RequantizeReport {
  tensors: TensorChange[];
  /** Stored bits (scales included) per value over the weight matrices: embedding and linears. */
  bitsPerWeight: number;
  /** Bytes of every weight the model holds, norms included. */
  bytes: number;
}

interface Target {
  spec: FormatSpec;
  format: Format;
  /** Per-row scales beside the codes (scaled specs); block and wide formats have none. */
  scaled: boolean;
}

function targetOf(text: string): Target {
  const bare = !text.includes('/');
  const format = getFormat(text.split('/')[0]!.trim());
  if (bare && !format.block && format.bits >= 16)
    return {
      spec: { label: format.name, format: format.name, options: {} },
      format,
      scaled: false,
    };
  const spec = parseFormatSpec(text);
  return { spec, format, scaled: !format.block };
}

/** Why `weight` cannot take `target`, or undefined when it can. */
function misfit(name: string, linear: LinearWeight, target: Target): string | undefined {
  const { format, scaled, spec } = target;
  const row = linear.weight.shape[1]!;
  if (!linear.scales && linear.weight.format === format && !scaled) return `already ${format.name}`;
  if ((format as { canEncode?: boolean }).canEncode === false)
    return `${format.name} can be decoded but not encoded`;
  if (format.block && row % format.block.size !== 0)
    return `rows of ${row} are not a multiple of ${format.name}'s ${format.block.size}-value blocks`;
  if (!scaled) return undefined;
  if (name === 'token_embd.weight') return 'getRows reads the embedding table without scales';
  if (spec.options.zeroPoint) return 'the linear kernels take no zero points';
  const group = spec.options.groupSize;
  if (spec.options.granularity === 'group' && row % group! !== 0)
    return `rows of ${row} are not a multiple of ${group}-value groups`;
  if ((row * format.bits) % 8 !== 0)
    return `rows of ${row} ${format.bits}-bit codes do not fill whole bytes`;
  return undefined;
}

async function encode(
  model: LlamaModel,
  linear: LinearWeight,
  target: Target,
): Promise<LinearWeight> {
  const shape = linear.weight.shape as [number, number];
  const values = await linearValues(linear);
  const options = { backend: model.backend };
  if (!target.scaled) {
    // Encoded whole: a tensor-scope scale (nvfp4's) is stored once, not per row.
    const { format } = target;
    return { weight: model.engine.fromBytes(format.encode(values), shape, format.name, options) };
  }
  const q = quantize(values, shape, target.format, target.spec.options);
  // A per-tensor scale is given to the kernel as one scale per row.
  const scales = q.scales.length === 1 ? new Float32Array(shape[0]).fill(q.scales[0]!) : q.scales;
  const groups = scales.length / shape[0];
  return {
    weight: model.engine.fromBytes(q.data, shape, target.format.name, options),
    scales: f32Tensor(model, scales, [shape[0], groups]),
  };
}

/** The embedding table and every linear, under GGUF names, as linears (the table has no scales). */
function* matricesOf(weights: LlamaWeights): Generator<[string, LinearWeight]> {
  yield ['token_embd.weight', { weight: weights.tokenEmbd }];
  yield* linearsOf(weights);
}

/** Stored bits per value over the weight matrices (each tensor once). */
export function matrixBitsPerWeight(weights: LlamaWeights): number {
  const seen = new Set<Tensor>();
  let bits = 0;
  let values = 0;
  for (const [, { weight, scales }] of matricesOf(weights)) {
    if (seen.has(weight)) continue;
    seen.add(weight);
    bits += 8 * (weight.byteLength + (scales?.byteLength ?? 0));
    values += weight.size;
  }
  return bits / values;
}

/** Re-encodes the model's weight matrices to `spec` (or a rule's spec) in place. */
export async function requantizeWeights(
  model: LlamaModel,
  spec: string,
  options: RequantizeOptions = {},
): Promise<RequantizeReport> {
  const weights = model.weights;
  const before = tensorsOf(weights);
  const targets = new Map<string, Target>();
  const target = (text: string) =>
    targets.get(text) ?? targets.set(text, targetOf(text)).get(text)!;
  target(spec);
  for (const rule of options.rules ?? []) target(rule.format);
  // A tied classifier re-encoded like its table stays tied: one result per (tensor, spec).
  const done = new Map<Tensor, Map<string, LinearWeight>>();
  const tensors: TensorChange[] = [];
  for (const [name, linear] of [...matricesOf(weights)]) {
    const text = options.rules?.find((r) => r.match.test(name))?.format ?? spec;
    const from = storedLabel(linear.weight, linear.scales);
    const kept = misfit(name, linear, target(text));
    if (kept) {
      tensors.push({ name, from, to: from, kept });
      continue;
    }
    const memo = done.get(linear.weight) ?? done.set(linear.weight, new Map()).get(linear.weight)!;
    const out =
      memo.get(text) ?? memo.set(text, await encode(model, linear, target(text))).get(text)!;
    if (name === 'token_embd.weight') weights.tokenEmbd = out.weight;
    else Object.assign(linear, { weight: out.weight, scales: out.scales });
    tensors.push({ name, from, to: storedLabel(out.weight, out.scales) });
  }
  disposeReplaced(before, weights);
  return { tensors, bitsPerWeight: matrixBitsPerWeight(weights), bytes: weightBytes(weights) };
}
