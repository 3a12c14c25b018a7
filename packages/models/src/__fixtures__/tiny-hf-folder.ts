/**
 * A generated two-shard Hugging Face folder (config.json, index, two safetensors shards), held in
 * memory or written to a directory, with a log of every byte range read from each file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesSource } from '@lowbit/core';
import { serializeSafetensors } from '@lowbit/safetensors';
import type { ModelFolder } from '../model-folder.ts';

export const SHARD_1 = 'model-00001-of-00002.safetensors';
export const SHARD_2 = 'model-00002-of-00002.safetensors';

export const CONFIG = { model_type: 'llama', hidden_size: 4, num_hidden_layers: 1 };

const f32 = (values: number[]) => new Uint8Array(new Float32Array(values).buffer);

export const EMBED = [1, 2, 3, 4, 5, 6, 7, 8];
export const NORM = [0.5, -0.25, 2, 8];

export function shard1(extra: { name: string; values: number[] }[] = []): Uint8Array {
  return serializeSafetensors(
    [{ name: 'model.embed_tokens.weight', dtype: 'F32', shape: [2, 4], data: f32(EMBED) }].concat(
      extra.map((t) => ({
        name: t.name,
        dtype: 'F32',
        shape: [t.values.length],
        data: f32(t.values),
      })),
    ),
    { format: 'pt' },
  );
}

export function shard2(): Uint8Array {
  return serializeSafetensors(
    [{ name: 'model.norm.weight', dtype: 'F32', shape: [4], data: f32(NORM) }],
    { format: 'pt', shard: 'two' },
  );
}

export function indexJson(weightMap: Record<string, string>): Uint8Array {
  return new TextEncoder().encode(
    JSON.stringify({ metadata: { total_size: 48 }, weight_map: weightMap }),
  );
}

export function tinyFolderFiles(): Record<string, Uint8Array> {
  return {
    'config.json': new TextEncoder().encode(JSON.stringify(CONFIG)),
    'model.safetensors.index.json': indexJson({
      'model.embed_tokens.weight': SHARD_1,
      'model.norm.weight': SHARD_2,
    }),
    [SHARD_1]: shard1(),
    [SHARD_2]: shard2(),
  };
}

export interface CountingFolder extends ModelFolder {
  /** Bytes read so far, per file. */
  bytesRead: Map<string, number>;
  /** Sources opened and not yet closed. */
  openCount(): number;
}

export function memoryFolder(files: Record<string, Uint8Array>): CountingFolder {
  const bytesRead = new Map<string, number>();
  let open = 0;
  return {
    name: 'tiny',
    files: Object.keys(files),
    bytesRead,
    openCount: () => open,
    async open(file) {
      const inner = bytesSource(files[file]!);
      open++;
      return {
        size: inner.size,
        read(offset, length) {
          bytesRead.set(file, (bytesRead.get(file) ?? 0) + length);
          return inner.read(offset, length);
        },
        async close() {
          open--;
        },
      };
    },
  };
}

export function writeFolder(dir: string, files: Record<string, Uint8Array>): void {
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
}
