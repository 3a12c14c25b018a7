import { describe, expect, it } from 'vitest';
import { loadFixture, maxRelDiff } from '../__fixtures__/stories.ts';
import { requantizeWeights } from './requantize.ts';
import { applyTransform, type TransformKind } from './transforms.ts';

const PROMPT = [1, 403, 407, 261, 378, 270, 429, 300, 301, 302];

async function logits(kind: TransformKind, format?: string): Promise<Float32Array> {
  const model = await loadFixture('llama2c/stories260K.bin');
  await applyTransform(model, kind, { seed: 7 });
  if (format) await requantizeWeights(model, format);
  const out = await model.newSession().prefill(PROMPT, { allLogits: true });
  model.close();
  return out;
}

describe('applyTransform', () => {
  it.each<TransformKind>(['hadamard', 'rotate-residual'])(
    'leaves the f32 model’s logits unchanged on cpu: %s',
    async (kind) => {
      const plain = await logits('none');
      expect(maxRelDiff(await logits(kind), plain)).toBeLessThanOrEqual(1e-4);
    },
  );

  it.each<TransformKind>(['hadamard', 'rotate-residual'])(
    'changes what 4-bit weights compute: %s',
    async (kind) => {
      const plain = await logits('none', 'q4_0');
      const rotated = await logits(kind, 'q4_0');
      expect(rotated.every(Number.isFinite)).toBe(true);
      expect(maxRelDiff(rotated, plain)).toBeGreaterThan(1e-2);
    },
  );

  it('reports what it rotated and what has no Hadamard size', async () => {
    const model = await loadFixture('llama2c/stories260K.bin');
    const hadamard = await applyTransform(model, 'hadamard');
    // ffn_down reads the 172-wide hidden state: 172 = 4·43 has no Hadamard transform.
    expect(hadamard.skipped.map((s) => s.name)).toEqual(
      Array.from({ length: 5 }, (_, l) => `blk.${l}.ffn_down.weight`),
    );
    expect(hadamard.rotated).toHaveLength(5 * 6 + 1);
    expect(model.weights.layers[0]!.q.input).toBeDefined();
    expect(model.weights.layers[0]!.down.input).toBeUndefined();
    await expect(applyTransform(model, 'rotate-residual')).rejects.toMatchObject({
      code: 'E_ARGUMENT',
    });
    const fresh = await loadFixture('llama2c/stories260K.bin');
    const residual = await applyTransform(fresh, 'rotate-residual');
    expect(residual.rotated).toContain('token_embd.weight');
    expect(residual.rotated).toHaveLength(5 * 7 + 2);
    expect(await fresh.weights.layers[2]!.attnNorm.read()).toEqual(new Float32Array(64).fill(1));
    expect(fresh.weights.output.weight).not.toBe(fresh.weights.tokenEmbd);
    await expect(applyTransform(fresh, 'spin' as TransformKind)).rejects.toMatchObject({
      code: 'E_USAGE',
    });
  });
});
