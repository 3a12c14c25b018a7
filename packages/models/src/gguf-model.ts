/** A GGUF file as a ModelFile: its tensor table, and its metadata as typed key/value pairs. */
import type { ByteSource } from '@lowbit/core';
import { openGguf } from '@lowbit/gguf';
import type { GgufModel } from './model-file.ts';

export async function ggufModel(source: ByteSource, name: string): Promise<GgufModel> {
  const file = await openGguf(source, { name });
  const text = (key: string) => {
    const value = file.get(key);
    return typeof value === 'string' ? value : undefined;
  };
  const architecture = text('general.architecture');
  const modelName = text('general.name');
  return {
    container: 'gguf',
    name,
    summary: {
      version: file.version,
      'metadata keys': file.metadata.size,
      alignment: file.alignment,
      ...(architecture !== undefined ? { architecture } : {}),
      ...(modelName !== undefined ? { name: modelName } : {}),
    },
    tensors: file.tensors.map((t) => ({
      name: t.name,
      shape: t.shape,
      type: t.format.name,
      format: t.format,
      bytes: t.byteLength,
    })),
    read: (n) => file.readTensor(n),
    readBytes: (n) => file.readTensorBytes(n),
    metadata: file.metadata,
    gguf: file,
    close: () => file.close(),
  };
}
