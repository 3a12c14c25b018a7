import { bytesSource } from '@lowbit/core';
import { type Llama2cModel, openHfFolderFrom, openModelSource } from '@lowbit/models';
import { describe, expect, it } from 'vitest';
import { type HfFolderTensor, hfFolder, permuteForRotateHalf } from '../__fixtures__/hf-folder.ts';
import { writeQ8Export } from '../__fixtures__/llama2c-export.ts';
import { loadFixture, maxRelDiff, openFixture, testEngine } from '../__fixtures__/stories.ts';
import { linearsOf } from './llama-weights.ts';
import { loadLlama } from './load-llama.ts';

const PROMPT = [1, 403, 407, 261, 378, 270, 429];

const HF_CONFIG = {
  model_type: 'llama',
  hidden_size: 64,
  intermediate_size: 172,
  num_hidden_layers: 5,
  num_attention_heads: 8,
  num_key_value_heads: 4,
  vocab_size: 512,
  max_position_embeddings: 512,
  rms_norm_eps: 1e-5,
  rope_theta: 10000,
  tie_word_embeddings: true,
};

/** stories260K's tensors under GGUF names, q/k permuted to transformers' layout. */
async function hfTensors(): Promise<HfFolderTensor[]> {
  const bin = (await openFixture('llama2c/stories260K.bin')) as Llama2cModel;
  const tensors: HfFolderTensor[] = [];
  for (const t of bin.tensors) {
    if (t.name === 'output.weight') continue;
    let values = await bin.read(t.name);
    if (/attn_q\.weight$/.test(t.name)) values = permuteForRotateHalf(values, t.shape[0]!, 8);
    if (/attn_k\.weight$/.test(t.name)) values = permuteForRotateHalf(values, t.shape[0]!, 4);
    tensors.push({ name: t.name, shape: t.shape, values });
  }
  return tensors;
}

async function loadHf(config: Record<string, unknown>, tensors: HfFolderTensor[]) {
  return loadLlama(await openHfFolderFrom(hfFolder(config, tensors)), {
    engine: testEngine(),
    backend: 'cpu',
  });
}

describe('loadLlama', () => {
  it('a Hugging Face folder (rotate-half q/k rows, neox RoPE) gives the GGUF-convention logits', async () => {
    const engine = testEngine();
    const bin = await loadFixture('llama2c/stories260K.bin', 'cpu', engine);
    const hf = await loadHf(HF_CONFIG, await hfTensors());
    expect(hf.config.ropeStyle).toBe('neox');
    expect(bin.config.ropeStyle).toBe('interleaved');
    const a = await bin.newSession().prefill(PROMPT, { allLogits: true });
    const b = await hf.newSession().prefill(PROMPT, { allLogits: true });
    expect(maxRelDiff(b, a)).toBeLessThan(1e-5);
    // The permuted weights under the wrong rotation are a different model.
    hf.config.ropeStyle = 'interleaved';
    const wrong = await hf.newSession().prefill(PROMPT, { allLogits: true });
    expect(maxRelDiff(wrong, a)).toBeGreaterThan(1e-2);
  });

  it('a version-2 (Q8_0) llama2.c export runs on int8 weights with group scales', async () => {
    const bin = await loadFixture('llama2c/stories260K.bin');
    const bytes = await writeQ8Export(
      (await openFixture('llama2c/stories260K.bin')) as Llama2cModel,
      4,
    );
    const q8 = await loadLlama(await openModelSource(bytesSource(bytes), 'runq.bin'), {
      engine: testEngine(),
      backend: 'cpu',
    });
    expect(q8.config).toEqual(bin.config);
    const wq = q8.weights.layers[0]!.q;
    expect(wq.weight.format.name).toBe('int8');
    expect(wq.scales?.shape).toEqual([64, 16]);
    expect(q8.weights.tokenEmbd.format.name).toBe('f32');
    expect(q8.weights.output.weight.format.name).toBe('int8');
    const packed = await q8.newSession().prefill(PROMPT, { allLogits: true });
    // The same model with every int8 weight replaced by its dequantized f32 values.
    const source = (await openModelSource(bytesSource(bytes), 'runq.bin')) as Llama2cModel;
    for (const [name, linear] of linearsOf(q8.weights)) {
      const stored = name === 'output.weight' ? 'token_embd.weight' : name;
      linear.weight = q8.engine.tensor(await source.read(stored), linear.weight.shape, {
        backend: 'cpu',
      });
      linear.scales = undefined;
    }
    const dequantized = await q8.newSession().prefill(PROMPT, { allLogits: true });
    expect(maxRelDiff(packed, dequantized)).toBeLessThan(1e-5);
    // And group-of-4 int8 is not the f32 model.
    const f32 = await bin.newSession().prefill(PROMPT, { allLogits: true });
    expect(maxRelDiff(packed, f32)).toBeGreaterThan(1e-4);
  });

  it('a version-2 export whose groups straddle rows (export.py’s default 64 over ffn_down’s 172) dequantizes those', async () => {
    const bytes = await writeQ8Export(
      (await openFixture('llama2c/stories260K.bin')) as Llama2cModel,
      64,
    );
    const q8 = await loadLlama(await openModelSource(bytesSource(bytes), 'runq.bin'), {
      engine: testEngine(),
      backend: 'cpu',
    });
    expect(q8.weights.layers[0]!.down.weight.format.name).toBe('f32');
    expect(q8.weights.layers[0]!.down.scales).toBeUndefined();
    expect(q8.weights.layers[0]!.up.weight.format.name).toBe('int8');
    expect(q8.weights.layers[0]!.up.scales?.shape).toEqual([172, 1]);
  });

  it('names an unsupported architecture, a missing tensor and a shape mismatch', async () => {
    const tensors = await hfTensors();
    await expect(loadHf({ ...HF_CONFIG, model_type: 'gpt2' }, tensors)).rejects.toMatchObject({
      code: 'E_UNSUPPORTED',
      message: expect.stringContaining('"gpt2"'),
    });
    await expect(loadHf({ ...HF_CONFIG, model_type: 'qwen2' }, tensors)).rejects.toMatchObject({
      code: 'E_TENSOR_MISSING',
      message: expect.stringContaining('model.layers.0.self_attn.q_proj.bias'),
    });
    await expect(
      loadHf(
        HF_CONFIG,
        tensors.filter((t) => t.name !== 'blk.3.ffn_up.weight'),
      ),
    ).rejects.toMatchObject({
      code: 'E_TENSOR_MISSING',
      message: expect.stringContaining('model.layers.3.mlp.up_proj.weight'),
    });
    await expect(loadHf({ ...HF_CONFIG, intermediate_size: 160 }, tensors)).rejects.toMatchObject({
      code: 'E_SHAPE',
      message: expect.stringContaining('model.layers.0.mlp.gate_proj.weight'),
    });
  });
});
