/** A llama2.c checkpoint as a ModelFile: float32 tensors under GGUF's names, the 7-int config. */
import { type ByteSource, getFormat } from '@lowbit/core';
import { openLlama2c } from '@lowbit/llama2c';
import type { Llama2cModel } from './model-file.ts';

export async function llama2cModel(source: ByteSource, name: string): Promise<Llama2cModel> {
  const model = await openLlama2c(source, name);
  const f32 = getFormat('f32');
  return {
    container: 'llama2c',
    name,
    summary: { ...model.config },
    tensors: model.tensors.map((t) => ({
      name: t.name,
      shape: t.shape,
      type: 'f32',
      format: f32,
      bytes: t.shape.reduce((a, b) => a * b, 1) * 4,
    })),
    read: (n) => model.readTensor(n),
    readBytes: async (n) => new Uint8Array((await model.readTensor(n)).buffer),
    config: model.config,
    close: () => model.close(),
  };
}
