/**
 * A Hugging Face model folder as a ModelFile: config.json parsed, and the tensors of every
 * safetensors shard the index names (or of `model.safetensors`), each read lazily from its shard.
 * The shards' headers must agree with the index exactly: a tensor in two shards, in a shard the
 * index does not map it to, or missing from its shard is E_FILE_CORRUPT.
 */
import { didYouMean, ErrorCode, LowbitError } from '@lowbit/core';
import { openSafetensors, type SafetensorsFile } from '@lowbit/safetensors';
import { readWeightMap, SINGLE_FILE, type WeightMap } from './hf-index.ts';
import type { HfFolderModel, ModelTensor } from './model-file.ts';
import { type ModelFolder, readJsonObject, requireFile } from './model-folder.ts';
import { modelTensorsOf } from './safetensors-model.ts';

export const CONFIG_FILE = 'config.json';

function corrupt(folder: ModelFolder, message: string, details: Record<string, unknown>) {
  return new LowbitError(ErrorCode.FileCorrupt, `${folder.name}: ${message}`, { details });
}

/** Checks the shards' tensors against the index; returns tensor name → its shard. */
function shardOfTensors(
  folder: ModelFolder,
  files: ReadonlyMap<string, SafetensorsFile>,
  weightMap: WeightMap | undefined,
): Map<string, string> {
  const owner = new Map<string, string>();
  for (const [shard, file] of files) {
    for (const { name } of file.tensors) {
      const first = owner.get(name);
      if (first !== undefined)
        throw corrupt(
          folder,
          `tensor "${name}" is in both ${first} and ${shard}; remove the stray copy or download the folder again.`,
          { tensor: name, shards: [first, shard] },
        );
      owner.set(name, shard);
    }
  }
  for (const [name, shard] of owner) {
    const mapped = weightMap?.get(name) ?? shard;
    if (mapped !== shard)
      throw corrupt(
        folder,
        `tensor "${name}" is in ${shard} but the index maps it to ${mapped}; the index and shards are from different versions.`,
        { tensor: name, shard, mapped },
      );
  }
  for (const [name, shard] of weightMap ?? []) {
    if (!owner.has(name))
      throw corrupt(
        folder,
        `the index maps tensor "${name}" to ${shard}, which does not hold it; download ${shard} again.`,
        { tensor: name, shard },
      );
  }
  return owner;
}

async function openShards(folder: ModelFolder, shards: readonly string[]) {
  const files = new Map<string, SafetensorsFile>();
  try {
    for (const shard of shards) {
      const source = await folder.open(shard);
      try {
        files.set(shard, await openSafetensors(source, `${folder.name}/${shard}`));
      } catch (error) {
        await source.close?.();
        throw error;
      }
    }
    return files;
  } catch (error) {
    await Promise.all([...files.values()].map((f) => f.close()));
    throw error;
  }
}

export async function openHfFolderFrom(folder: ModelFolder): Promise<HfFolderModel> {
  requireFile(folder, CONFIG_FILE, 'the model configuration');
  const config = await readJsonObject(folder, CONFIG_FILE);
  const weightMap = await readWeightMap(folder);
  const shards = weightMap ? [...new Set(weightMap.values())] : [SINGLE_FILE];
  const files = await openShards(folder, shards);
  let owner: Map<string, string>;
  try {
    owner = shardOfTensors(folder, files, weightMap);
  } catch (error) {
    await Promise.all([...files.values()].map((f) => f.close()));
    throw error;
  }
  const shardOf = (name: string): string => {
    const shard = owner.get(name);
    if (shard !== undefined) return shard;
    throw new LowbitError(
      ErrorCode.Argument,
      `No tensor named "${name}" in ${folder.name}.${didYouMean(name, owner.keys())}`,
    );
  };
  const fileOf = (name: string) => files.get(shardOf(name))!;
  const metadata: Record<string, string> = {};
  const tensors: ModelTensor[] = [];
  for (const file of files.values()) {
    for (const [key, value] of Object.entries(file.metadata)) metadata[key] ??= value;
    tensors.push(...modelTensorsOf(file));
  }
  const modelType = config.model_type;
  return {
    container: 'hf-folder',
    name: folder.name,
    summary: {
      shards: shards.length,
      ...(typeof modelType === 'string' ? { 'model type': modelType } : {}),
    },
    tensors,
    read: async (n) => fileOf(n).readTensor(n),
    readBytes: async (n) => fileOf(n).readTensorBytes(n),
    config,
    metadata,
    shards,
    shardOf,
    close: async () => {
      await Promise.all([...files.values()].map((f) => f.close()));
    },
  };
}
