import { bytesSource } from '@lowbit/core';
import { openGguf, serializeGguf } from '@lowbit/gguf';
import type { GgufModel } from '@lowbit/models';
import { openModelSource } from '@lowbit/models';
import { describe, expect, it } from 'vitest';
import { loadFixture, openFixture, testEngine } from '../__fixtures__/stories.ts';
import { requantizeWeights } from '../eval/requantize.ts';
import { applyTransform, type TransformKind } from '../eval/transforms.ts';
import { loadLlama } from '../model/load-llama.ts';
import { LowbitKey } from '../model/lowbit-keys.ts';
import { llamaGgufInput } from './llama-gguf.ts';

const PROMPT = [1, 403, 407, 261, 378, 270, 429, 300, 301, 302];

/** stories260K.gguf transformed and re-quantized in memory, its logits, and the file it writes. */
async function roundTrip(kind: TransformKind, format: string) {
  const source = (await openFixture('gguf/stories260K.gguf')) as GgufModel;
  const model = await loadFixture('gguf/stories260K.gguf');
  await applyTransform(model, kind, { seed: 3 });
  await requantizeWeights(model, format);
  const input = await llamaGgufInput(model, source.metadata, {
    format,
    rotation: { kind, seed: 3 },
  });
  const memory = await model.newSession().prefill(PROMPT, { allLogits: true });
  model.close();
  const bytes = serializeGguf(input);
  const file = await openModelSource(bytesSource(bytes), 'out.gguf');
  const loaded = await loadLlama(file, { engine: testEngine(), backend: 'cpu' });
  const fromFile = await loaded.newSession().prefill(PROMPT, { allLogits: true });
  loaded.close();
  return { memory, fromFile, bytes, metadata: (file as GgufModel).metadata };
}

describe('llamaGgufInput', () => {
  it('q8_0 × rotate-residual: the written file computes the in-memory logits exactly', async () => {
    const r = await roundTrip('rotate-residual', 'q8_0');
    expect(r.fromFile).toEqual(r.memory);
    expect(r.metadata.get('general.file_type')?.value).toBe(7);
    expect(r.metadata.get(LowbitKey.rotation)?.value).toBe('rotate-residual');
  });

  it('hadamard: the online rotations are recorded by name and seed and applied on load', async () => {
    const r = await roundTrip('hadamard', 'q8_0');
    expect(r.fromFile).toEqual(r.memory);
    const names = r.metadata.get(LowbitKey.onlineTensors)?.value as { items: string[] };
    // Every linear but ffn_down (172-wide input: no Hadamard size) is rotated online.
    expect(names.items).toContain('blk.0.attn_q.weight');
    expect(names.items).toContain('output.weight');
    expect(names.items.some((n) => n.includes('ffn_down'))).toBe(false);
  });

  it.each(['int4/g32', 'nvfp4_scaled', 'fp8_e4m3fn/ch'])(
    '%s: lowbit-only formats are stored as I8 bytes with their format and scales, and load back',
    async (format) => {
      const r = await roundTrip('none', format);
      expect(r.fromFile).toEqual(r.memory);
      const gguf = await openGguf(bytesSource(r.bytes));
      const names = r.metadata.get(LowbitKey.tensorNames)?.value as { items: string[] };
      expect(names.items).toContain('blk.0.attn_q.weight');
      expect(gguf.tensorInfo('blk.0.attn_q.weight')!.format.name).toBe('int8');
      if (format.includes('/'))
        expect(gguf.tensorInfo('blk.0.attn_q.scales')!.format.name).toBe('f32');
      expect(r.metadata.has('general.file_type')).toBe(false);
    },
  );
});
