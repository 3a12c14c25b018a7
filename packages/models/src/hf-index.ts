/**
 * `model.safetensors.index.json` (Hugging Face transformers' sharded checkpoints): `weight_map`
 * maps every tensor name to the shard file that holds it. Without an index the folder's weights
 * are the single file `model.safetensors`.
 */
import { ErrorCode, LowbitError } from '@lowbit/core';
import { type ModelFolder, readJsonObject, requireFile } from './model-folder.ts';

export const INDEX_FILE = 'model.safetensors.index.json';
export const SINGLE_FILE = 'model.safetensors';

/** Tensor name → shard file, in the index's order. */
export type WeightMap = Map<string, string>;

export async function readWeightMap(folder: ModelFolder): Promise<WeightMap | undefined> {
  if (!folder.files.includes(INDEX_FILE)) {
    requireFile(folder, SINGLE_FILE, `nor ${INDEX_FILE}: nothing names the weights`);
    return undefined;
  }
  const index = await readJsonObject(folder, INDEX_FILE);
  const weightMap = index.weight_map;
  if (typeof weightMap !== 'object' || weightMap === null || Array.isArray(weightMap))
    throw new LowbitError(
      ErrorCode.FileCorrupt,
      `${folder.name}/${INDEX_FILE} has no "weight_map" object (tensor name → shard file).`,
      { details: { file: INDEX_FILE } },
    );
  const map: WeightMap = new Map();
  for (const [tensor, shard] of Object.entries(weightMap)) {
    if (typeof shard !== 'string')
      throw new LowbitError(
        ErrorCode.FileCorrupt,
        `${folder.name}/${INDEX_FILE}: tensor "${tensor}" maps to ${JSON.stringify(shard)}, not a shard file name.`,
        { details: { file: INDEX_FILE, tensor } },
      );
    map.set(tensor, shard);
  }
  // Shards are looked up among the folder's own files, so a name such as "../x" is simply missing.
  for (const shard of new Set(map.values()))
    requireFile(folder, shard, `a shard named by ${INDEX_FILE}`);
  return map;
}
