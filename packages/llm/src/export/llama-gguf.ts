/**
 * A loaded (and perhaps rotated and re-quantized) Llama model as GGUF input, under llama.cpp's
 * tensor names: every tensor in ggml's type when ggml has one, so llama.cpp's loader reads the
 * file; lowbit's own formats, group scales and online rotations recorded under `lowbit.*` keys
 * (../model/lowbit-keys.ts), which `loadLlama` applies. The metadata of the source (architecture,
 * hyperparameters, tokenizer) is kept; `general.file_type` follows the format of most weights.
 */
import { ErrorCode, LowbitError, type Tensor } from '@lowbit/core';
import { ggmlTypeOf } from '@lowbit/formats';
import { type GgufInput, type GgufTensorInput, GgufType, type GgufValue } from '@lowbit/gguf';
import { LAYER_LINEARS, type LayerLinear, linearsOf } from '../model/llama-weights.ts';
import type { LlamaModel } from '../model/load-llama.ts';
import { LOWBIT_VERSION, LowbitKey, scalesName } from '../model/lowbit-keys.ts';
import { llamaFileType } from './file-type.ts';

/** ggml's GGML_TYPE_I8: the type a lowbit-only format's packed bytes are stored under. */
const GGML_I8 = 24;

export interface GgufExportOptions {
  /** The spec the weights were quantized to (recorded as `lowbit.quantize.format`). */
  format?: string;
  /** The rotation applied, recorded as `lowbit.rotation` / `.seed`. */
  rotation?: { kind: string; seed: number };
}

const u32 = (value: number): GgufValue => ({ type: GgufType.UINT32, value });
const text = (value: string): GgufValue => ({ type: GgufType.STRING, value });
const array = (itemType: typeof GgufType.STRING | typeof GgufType.UINT32, items: unknown[]) =>
  ({ type: GgufType.ARRAY, value: { itemType, items } }) as GgufValue;

/** Every tensor under its GGUF name, in llama.cpp's order; a tied classifier is left out. */
function* namedTensors(model: LlamaModel): Generator<[string, Tensor]> {
  const w = model.weights;
  yield ['token_embd.weight', w.tokenEmbd];
  for (const [l, layer] of w.layers.entries()) {
    yield [`blk.${l}.attn_norm.weight`, layer.attnNorm];
    for (const [key, name] of Object.entries(LAYER_LINEARS)) {
      const linear = layer[key as LayerLinear];
      yield [`blk.${l}.${name}.weight`, linear.weight];
      if (linear.scales) yield [`blk.${l}.${name}.scales`, linear.scales];
      if (linear.bias) yield [`blk.${l}.${name}.bias`, linear.bias];
    }
    yield [`blk.${l}.ffn_norm.weight`, layer.ffnNorm];
  }
  yield ['output_norm.weight', w.outputNorm];
  if (w.output.weight !== w.tokenEmbd || w.output.scales) {
    yield ['output.weight', w.output.weight];
    if (w.output.scales) yield [scalesName('output.weight'), w.output.scales];
  }
}

/** The linears' online rotations, refusing an input transform a file cannot describe. */
function onlineRotations(model: LlamaModel): { names: string[]; seeds: number[] } {
  const names: string[] = [];
  const seeds: number[] = [];
  for (const [name, linear] of linearsOf(model.weights)) {
    if (!linear.input) continue;
    if (!linear.rotation)
      throw new LowbitError(
        ErrorCode.Unsupported,
        `${name} has an online input transform other than one Hadamard rotation, which a GGUF ` +
          'cannot record; apply one transform per model.',
      );
    names.push(name);
    seeds.push(linear.rotation.seed);
  }
  return { names, seeds };
}

/** The weight format most of the model's values are stored in. */
function mainFormat(tensors: readonly [string, Tensor][]): string {
  const values = new Map<string, number>();
  for (const [name, t] of tensors)
    if (name.endsWith('.weight') && t.shape.length === 2)
      values.set(t.format.name, (values.get(t.format.name) ?? 0) + t.size);
  return [...values].sort((a, b) => b[1] - a[1])[0]![0];
}

export async function llamaGgufInput(
  model: LlamaModel,
  sourceMetadata: ReadonlyMap<string, GgufValue>,
  options: GgufExportOptions = {},
): Promise<GgufInput> {
  const metadata = new Map(
    [...sourceMetadata].filter(
      ([key]) => !key.startsWith('lowbit.') && key !== 'general.file_type',
    ),
  );
  const named = [...namedTensors(model)];
  const tensors: GgufTensorInput[] = [];
  const lowbitNames: string[] = [];
  const lowbitFormats: string[] = [];
  for (const [name, t] of named) {
    const data = await t.readBytes();
    const ggmlType = ggmlTypeOf(t.format);
    if (ggmlType === undefined) {
      lowbitNames.push(name);
      lowbitFormats.push(t.format.name);
      tensors.push({ name, dims: [data.length], ggmlType: GGML_I8, data });
    } else tensors.push({ name, dims: [...t.shape].reverse(), ggmlType, data });
  }
  if (lowbitNames.includes('token_embd.weight')) {
    // llama.cpp's optional `<arch>.vocab_size`: the table's row count, which its bytes do not give.
    const arch = metadata.get('general.architecture')?.value;
    metadata.set(`${String(arch)}.vocab_size`, u32(model.config.vocabSize));
  }
  const fileType = llamaFileType(mainFormat(named));
  if (fileType !== undefined) metadata.set('general.file_type', u32(fileType));
  const online = onlineRotations(model);
  const hasScales = named.some(([name]) => name.endsWith('.scales'));
  if (lowbitNames.length || online.names.length || hasScales || options.rotation) {
    metadata.set(LowbitKey.version, u32(LOWBIT_VERSION));
    if (options.format !== undefined) metadata.set(LowbitKey.format, text(options.format));
    if (options.rotation) {
      metadata.set(LowbitKey.rotation, text(options.rotation.kind));
      metadata.set(LowbitKey.rotationSeed, u32(options.rotation.seed));
    }
    if (lowbitNames.length) {
      metadata.set(LowbitKey.tensorNames, array(GgufType.STRING, lowbitNames));
      metadata.set(LowbitKey.tensorFormats, array(GgufType.STRING, lowbitFormats));
    }
    if (online.names.length) {
      metadata.set(LowbitKey.onlineTensors, array(GgufType.STRING, online.names));
      metadata.set(LowbitKey.onlineSeeds, array(GgufType.UINT32, online.seeds));
    }
  }
  return { metadata, tensors };
}
