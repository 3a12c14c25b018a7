/** A safetensors file as a ModelFile; `modelTensorsOf` is shared with the Hugging Face folder. */
import type { ByteSource } from '@lowbit/core';
import { openSafetensors, type SafetensorsFile } from '@lowbit/safetensors';
import type { ModelTensor, SafetensorsModel } from './model-file.ts';

export function modelTensorsOf(file: SafetensorsFile): ModelTensor[] {
  return file.tensors.map((t) => ({
    name: t.name,
    shape: t.shape,
    type: t.dtype.format?.name ?? t.dtype.name,
    format: t.dtype.format,
    bytes: t.end - t.begin,
  }));
}

export async function safetensorsModel(
  source: ByteSource,
  name: string,
): Promise<SafetensorsModel> {
  const file = await openSafetensors(source, name);
  return {
    container: 'safetensors',
    name,
    summary: { 'metadata keys': Object.keys(file.metadata).length },
    tensors: modelTensorsOf(file),
    read: (n) => file.readTensor(n),
    readBytes: (n) => file.readTensorBytes(n),
    metadata: file.metadata,
    close: () => file.close(),
  };
}
