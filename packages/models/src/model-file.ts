/**
 * The one view over a model container: tensors listed with their format and read lazily, plus what
 * each container says about the model (GGUF's key/value metadata, safetensors' `__metadata__`, a
 * Hugging Face folder's config.json, a llama2.c checkpoint's 7-int config). `container` tells the
 * variants apart.
 */
import type { Format } from '@lowbit/core';
import type { GgufFile, GgufValue } from '@lowbit/gguf';
import type { Llama2cCheckpoint, Llama2cConfig } from '@lowbit/llama2c';

export interface ModelTensor {
  name: string;
  shape: number[];
  /** Registered format name, or the container's own dtype name when lowbit has no format for it. */
  type: string;
  format: Format | undefined;
  bytes: number;
}

interface ModelFileBase {
  /** A short human label (file or folder name) used in messages. */
  name: string;
  /** A few display lines (version, counts, architecture). */
  summary: Record<string, string | number | boolean>;
  tensors: ModelTensor[];
  /** The tensor's values as float32, read only when asked for. */
  read(name: string): Promise<Float32Array>;
  /** The tensor's bytes as stored, read only when asked for. */
  readBytes(name: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface GgufModel extends ModelFileBase {
  container: 'gguf';
  /** Every GGUF key with its type and value, in file order. */
  metadata: ReadonlyMap<string, GgufValue>;
  gguf: GgufFile;
}

export interface SafetensorsModel extends ModelFileBase {
  container: 'safetensors';
  /** The header's `__metadata__` (string to string). */
  metadata: Record<string, string>;
}

export interface HfFolderModel extends ModelFileBase {
  container: 'hf-folder';
  /** The folder's config.json, parsed. */
  config: Record<string, unknown>;
  /** The shards' `__metadata__` merged (the first shard to name a key wins). */
  metadata: Record<string, string>;
  /** The safetensors files read, in the order their tensors are listed. */
  shards: string[];
  /** The shard file that holds a tensor. */
  shardOf(name: string): string;
}

export interface Llama2cModel extends ModelFileBase {
  container: 'llama2c';
  config: Llama2cConfig;
  /** The checkpoint itself (its export version, and Q8_0 tensors as stored). */
  checkpoint: Llama2cCheckpoint;
}

export type ModelFile = GgufModel | SafetensorsModel | HfFolderModel | Llama2cModel;

export type Container = ModelFile['container'];
