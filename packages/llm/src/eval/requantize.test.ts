import { describe, expect, it } from 'vitest';
import { loadFixture, sampleText, tok512 } from '../__fixtures__/stories.ts';
import { evaluate, recordBaseline } from './evaluate.ts';
import { RULE_PRESETS, requantizeWeights } from './requantize.ts';

const CHUNKS = { protocol: 'chunks', ctx: 128, chunks: 3 } as const;

// stories260K per layer: q [64,64], k, v [32,64], o [64,64], gate, up [172,64], down [64,172];
// 5 layers; a 512×64 embedding, stored twice in the .gguf (output.weight), tied in the .bin.
// ffn_down's 172-long rows fit no 32-value block or group.
const PER_LAYER_64 = 4096 + 2048 + 2048 + 4096 + 11008 + 11008;
const DOWN = 5 * 11008;
const EMBD = 512 * 64;
const TIED = 5 * PER_LAYER_64 + DOWN + EMBD;
const UNTIED = TIED + EMBD;

describe('requantizeWeights on stories260K', () => {
  it('q4_0: bits per weight count the kept f32 ffn_down, each kept with its reason', async () => {
    const model = await loadFixture('gguf/stories260K.gguf');
    const report = await requantizeWeights(model, 'q4_0');
    const q4 = 5 * PER_LAYER_64 + 2 * EMBD;
    expect(report.bitsPerWeight).toBeCloseTo((q4 * 4.5 + DOWN * 32) / UNTIED, 10);
    const kept = report.tensors.filter((t) => t.kept);
    expect(kept.map((t) => t.name)).toEqual(
      Array.from({ length: 5 }, (_, l) => `blk.${l}.ffn_down.weight`),
    );
    expect(kept[0]!.kept).toBe("rows of 172 are not a multiple of q4_0's 32-value blocks");
    expect(model.weights.tokenEmbd.format.name).toBe('q4_0');
    expect(model.weights.output.weight.format.name).toBe('q4_0');
  });

  it('rules keep output and token_embd at q8_0 (a tied pair stays tied)', async () => {
    const model = await loadFixture('llama2c/stories260K.bin');
    const report = await requantizeWeights(model, 'q4_0', {
      rules: RULE_PRESETS['keep-ends-q8_0'],
    });
    const ends = report.tensors.filter((t) => /^(output|token_embd)/.test(t.name));
    expect(ends.map((t) => [t.name, t.to])).toEqual([
      ['token_embd.weight', 'q8_0'],
      ['output.weight', 'q8_0'],
    ]);
    expect(model.weights.output.weight).toBe(model.weights.tokenEmbd);
    const q4 = 5 * PER_LAYER_64;
    expect(report.bitsPerWeight).toBeCloseTo((q4 * 4.5 + EMBD * 8.5 + DOWN * 32) / TIED, 10);
  });

  it('int4/g32 and fp8_e4m3fn/ch store scales the linear kernel applies', async () => {
    const model = await loadFixture('gguf/stories260K.gguf');
    const report = await requantizeWeights(model, 'int4/g32');
    const embd = report.tensors.find((t) => t.name === 'token_embd.weight')!;
    expect(embd.kept).toBe('getRows reads the embedding table without scales');
    expect(model.weights.output.scales!.shape).toEqual([512, 2]);
    // int4 codes + one f32 scale per 32 values; the f32 table and ffn_down stay.
    const int4 = 5 * PER_LAYER_64 + EMBD;
    expect(report.bitsPerWeight).toBeCloseTo((int4 * 5 + (EMBD + DOWN) * 32) / UNTIED, 10);
    const fp8 = await loadFixture('gguf/stories260K.gguf');
    const fp8Report = await requantizeWeights(fp8, 'fp8_e4m3fn/ch');
    expect(fp8Report.tensors.find((t) => t.name === 'blk.0.ffn_down.weight')!.to).toBe(
      'fp8_e4m3fn/ch',
    );
    expect(fp8.weights.layers[0]!.down.scales!.shape).toEqual([64, 1]);
  });

  it('q4_K has 256-value blocks: every 64- and 172-long row is kept', async () => {
    const model = await loadFixture('gguf/stories260K.gguf');
    const report = await requantizeWeights(model, 'q4_K');
    expect(report.tensors.every((t) => t.kept?.includes("q4_K's 256-value blocks"))).toBe(true);
    expect(report.bitsPerWeight).toBe(32);
  });

  it('formats rank by KL against f32; q8_0 stays within 1% of f32 perplexity', async () => {
    const tokenizer = await tok512();
    const f32 = await loadFixture('gguf/stories260K.gguf');
    const baseline = await recordBaseline(f32, tokenizer, sampleText(), CHUNKS);
    const reference = await evaluate(f32, tokenizer, sampleText(), CHUNKS);
    const run = async (spec: string) => {
      const model = await loadFixture('gguf/stories260K.gguf');
      await requantizeWeights(model, spec);
      return evaluate(model, tokenizer, sampleText(), { ...CHUNKS, baseline });
    };
    const q8 = await run('q8_0');
    expect(Math.abs(q8.perplexity / reference.perplexity - 1)).toBeLessThan(0.01);
    for (const spec of ['mxfp4', 'nvfp4', 'int4/g32', 'fp8_e4m3fn/ch']) {
      const r = await run(spec);
      expect(Number.isFinite(r.perplexity)).toBe(true);
      expect(r.kl!.mean).toBeGreaterThan(q8.kl!.mean);
      expect(r.perplexity / reference.perplexity).toBeLessThan(1.5);
    }
  });
});
