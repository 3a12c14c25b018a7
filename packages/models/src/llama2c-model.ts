/**
 * A llama2.c checkpoint as a ModelFile: tensors under GGUF's names, the 7-int config. A version-2
 * export's Q8_0 matrices are listed as `llama2c_q8` (no lowbit format: int8 codes then group
 * scales); `read` dequantizes them, `checkpoint.readQ8` gives them as stored.
 */
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
    tensors: model.tensors.map((t) => {
      const count = t.shape.reduce((a, b) => a * b, 1);
      return t.type === 'q8'
        ? {
            name: t.name,
            shape: t.shape,
            type: 'llama2c_q8',
            format: undefined,
            bytes: count + (count / model.groupSize) * 4,
          }
        : { name: t.name, shape: t.shape, type: 'f32', format: f32, bytes: count * 4 };
    }),
    read: (n) => model.readTensor(n),
    readBytes: async (n) => {
      const t = model.tensorInfo(n);
      if (t.type !== 'q8') return new Uint8Array((await model.readTensor(n)).buffer);
      // As stored: the int8 codes, then the float32 group scales right after them.
      const count = t.shape.reduce((a, b) => a * b, 1);
      return new Uint8Array(
        await model.source.read(t.offset, count + (count / model.groupSize) * 4),
      );
    },
    config: model.config,
    checkpoint: model,
    close: () => model.close(),
  };
}
