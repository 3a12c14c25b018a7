/**
 * Reads a Llama-family model's weights from any @lowbit/models container into engine tensors,
 * each in its stored format, checking every shape against the config. A version-2 llama2.c file's
 * Q8_0 matrices become int8 weights with per-group scales when the groups tile the rows (as
 * runq.c computes them), and are dequantized otherwise; its embedding table is dequantized, as
 * runq.c does.
 */
import { type Engine, ErrorCode, getFormat, LowbitError, type Tensor } from '@lowbit/core';
import type { ModelFile, ModelTensor } from '@lowbit/models';
import type { LlamaConfig } from './llama-config.ts';
import {
  LAYER_LINEARS,
  type LayerLinear,
  type LayerWeights,
  type LinearWeight,
  type LlamaWeights,
} from './llama-weights.ts';
import { type LowbitLayout, scalesName } from './lowbit-keys.ts';
import { hfTensorName } from './tensor-names.ts';

export interface WeightReader {
  engine: Engine;
  backend: string | undefined;
  model: ModelFile;
  config: LlamaConfig;
  /** Tensors in lowbit's own formats (a GGUF written by `lowbit quantize`). */
  layout: LowbitLayout;
}

function stored(model: ModelFile, gguf: string): ModelTensor | undefined {
  const name = model.container === 'hf-folder' ? hfTensorName(gguf) : gguf;
  return model.tensors.find((t) => t.name === name);
}

function missing(model: ModelFile, gguf: string): never {
  const name = model.container === 'hf-folder' ? hfTensorName(gguf) : gguf;
  throw new LowbitError(
    ErrorCode.TensorMissing,
    `${model.name} has no tensor "${name}", which a ${model.container} Llama-family model needs; ` +
      'the file is incomplete or holds another architecture.',
    { details: { tensor: name } },
  );
}

function checkShape(model: ModelFile, t: ModelTensor, shape: readonly number[]): void {
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i]))
    throw new LowbitError(
      ErrorCode.Shape,
      `${model.name}: tensor "${t.name}" is [${t.shape.join(', ')}] but the config needs ` +
        `[${shape.join(', ')}]; the file and its config disagree.`,
      { details: { tensor: t.name, shape: t.shape, expected: shape } },
    );
}

async function q8Linear(r: WeightReader, gguf: string, shape: number[]): Promise<LinearWeight> {
  if (r.model.container !== 'llama2c') throw new Error('unreachable');
  const { codes, scales, groupSize } = await r.model.checkpoint.readQ8(gguf);
  const [rows, k] = shape as [number, number];
  const options = { backend: r.backend };
  if (k % groupSize !== 0)
    return { weight: r.engine.tensor(await r.model.checkpoint.readTensor(gguf), shape, options) };
  return {
    weight: r.engine.fromBytes(new Uint8Array(codes.buffer), shape, 'int8', options),
    scales: r.engine.tensor(scales, [rows, k / groupSize], options),
  };
}

/**
 * The tensor `gguf` (GGUF name): as stored, or decoded to f32 when `float` (norms and biases,
 * which the elementwise kernels take in f32) or when lowbit has no format for its type.
 */
async function readTensor(
  r: WeightReader,
  gguf: string,
  shape: number[],
  float = false,
): Promise<Tensor> {
  const t = stored(r.model, gguf) ?? missing(r.model, gguf);
  const options = { backend: r.backend };
  const lowbitFormat = r.layout.formats.get(t.name);
  if (lowbitFormat !== undefined) return lowbitTensor(r, t, shape, lowbitFormat);
  checkShape(r.model, t, shape);
  if (float || t.format === undefined)
    return r.engine.tensor(await r.model.read(t.name), shape, options);
  return r.engine.fromBytes(await r.model.readBytes(t.name), shape, t.format, options);
}

/** A tensor stored as the packed bytes of a lowbit-only format, its shape from the config. */
async function lowbitTensor(
  r: WeightReader,
  t: ModelTensor,
  shape: number[],
  formatName: string,
): Promise<Tensor> {
  const format = getFormat(formatName);
  const expected = format.byteLength(shape.reduce((a, b) => a * b, 1));
  if (t.bytes !== expected)
    throw new LowbitError(
      ErrorCode.Shape,
      `${r.model.name}: tensor "${t.name}" holds ${t.bytes} bytes but [${shape.join(', ')}] in ` +
        `${format.name} needs ${expected}; the file and its config disagree.`,
      { details: { tensor: t.name, bytes: t.bytes, expected } },
    );
  return r.engine.fromBytes(await r.model.readBytes(t.name), shape, format, { backend: r.backend });
}

async function readLinear(
  r: WeightReader,
  base: string,
  shape: number[],
  bias: boolean,
): Promise<LinearWeight> {
  const gguf = `${base}.weight`;
  const t = stored(r.model, gguf);
  if (t?.type === 'llama2c_q8') {
    checkShape(r.model, t, shape);
    return q8Linear(r, gguf, shape);
  }
  const weight = await readTensor(r, gguf, shape);
  const linear: LinearWeight = { weight };
  const scales = stored(r.model, scalesName(gguf));
  if (scales) {
    const groups = scales.shape[1] ?? 0;
    if (!(groups >= 1 && shape[1]! % groups === 0)) checkShape(r.model, scales, [shape[0]!, 1]);
    linear.scales = await readTensor(r, scales.name, [shape[0]!, groups], true);
  }
  if (bias) linear.bias = await readTensor(r, `${base}.bias`, [shape[0]!], true);
  return linear;
}

function tied(r: WeightReader): boolean {
  const { model } = r;
  if (model.container === 'llama2c') return model.config.sharedClassifier;
  if (model.container === 'hf-folder' && model.config.tie_word_embeddings === true) return true;
  return stored(model, 'output.weight') === undefined;
}

export async function readLlamaWeights(r: WeightReader): Promise<LlamaWeights> {
  const { dim, hiddenDim, heads, kvHeads, headDim, vocabSize, qkvBias } = r.config;
  const qDim = heads * headDim;
  const kvDim = kvHeads * headDim;
  const shapes: Record<LayerLinear, number[]> = {
    q: [qDim, dim],
    k: [kvDim, dim],
    v: [kvDim, dim],
    o: [dim, qDim],
    gate: [hiddenDim, dim],
    up: [hiddenDim, dim],
    down: [dim, hiddenDim],
  };
  const embdInfo = stored(r.model, 'token_embd.weight');
  // getRows reads a table without scales: a Q8_0 embedding is dequantized (runq.c does too).
  const tokenEmbd =
    embdInfo?.type === 'llama2c_q8'
      ? r.engine.tensor(await r.model.read(embdInfo.name), [vocabSize, dim], {
          backend: r.backend,
        })
      : await readTensor(r, 'token_embd.weight', [vocabSize, dim]);
  const layers: LayerWeights[] = [];
  for (let l = 0; l < r.config.layers; l++) {
    const blk = `blk.${l}`;
    const linear = {} as Record<LayerLinear, LinearWeight>;
    for (const [key, name] of Object.entries(LAYER_LINEARS) as [LayerLinear, string][]) {
      const bias = qkvBias && (key === 'q' || key === 'k' || key === 'v');
      linear[key] = await readLinear(r, `${blk}.${name}`, shapes[key], bias);
    }
    layers.push({
      attnNorm: await readTensor(r, `${blk}.attn_norm.weight`, [dim], true),
      ffnNorm: await readTensor(r, `${blk}.ffn_norm.weight`, [dim], true),
      ...linear,
    });
  }
  const outputNorm = await readTensor(r, 'output_norm.weight', [dim], true);
  const output = tied(r)
    ? embdInfo?.type === 'llama2c_q8'
      ? await q8Linear(r, 'token_embd.weight', [vocabSize, dim])
      : { weight: tokenEmbd }
    : await readLinear(r, 'output', [vocabSize, dim], false);
  return { tokenEmbd, layers, outputNorm, output };
}
