import { describe, expect, it } from 'vitest';
import { type BackendName, loadFixture, sampleText, tok512 } from '../__fixtures__/stories.ts';
import { evaluate, recordBaseline } from './evaluate.ts';
import { packLogProbs, rowDivergence, rowSoftmax } from './log-probs.ts';
import { scoringWindows } from './windows.ts';

const CHUNKS = { protocol: 'chunks', ctx: 128, chunks: 3 } as const;

describe('the chunks protocol (llama.cpp perplexity.cpp)', () => {
  it('cuts the BOS-prefixed token stream into ctx-sized chunks, each starting with BOS', async () => {
    const tokenizer = await tok512();
    const all = tokenizer.encode(sampleText(), { addBos: true });
    const windows = scoringWindows(tokenizer, sampleText(), { protocol: 'chunks', ctx: 100 });
    expect(windows).toHaveLength(Math.floor(all.length / 100));
    for (const [c, w] of windows.entries()) {
      expect(w.tokens[0]).toBe(tokenizer.bos);
      expect(w.tokens.slice(1)).toEqual(all.slice(c * 100 + 1, (c + 1) * 100));
      expect(w.first).toBe(50);
    }
  });

  it('refuses a text shorter than two chunks', async () => {
    const tokenizer = await tok512();
    expect(() =>
      scoringWindows(tokenizer, 'Once upon a time', { protocol: 'chunks', ctx: 8 }),
    ).toThrow(expect.objectContaining({ code: 'E_ARGUMENT' }));
  });

  it('equals a float64 NLL over each chunk’s second half', async () => {
    const model = await loadFixture('llama2c/stories260K.bin');
    const tokenizer = await tok512();
    const result = await evaluate(model, tokenizer, sampleText(), CHUNKS);
    // The reference: perplexity.cpp's loop written out over the raw token stream.
    const all = tokenizer.encode(sampleText(), { addBos: true });
    const session = model.newSession({ contextLength: 128 });
    const V = model.config.vocabSize;
    let nll = 0;
    let count = 0;
    for (let c = 0; c < 3; c++) {
      const tokens = [tokenizer.bos!, ...all.slice(c * 128 + 1, (c + 1) * 128)];
      session.reset();
      const logits = await session.prefill(tokens, { allLogits: true });
      for (let t = 64; t < 127; t++) {
        const row = Array.from(logits.subarray(t * V, (t + 1) * V));
        const z = row.reduce((s, l) => s + Math.exp(l), 0);
        nll -= Math.log(Math.exp(row[tokens[t + 1]!]!) / z);
        count++;
      }
    }
    expect(result.tokens).toBe(3 * 63);
    expect(result.tokens).toBe(count);
    expect(Math.abs(result.meanNll / (nll / count) - 1)).toBeLessThan(1e-6);
    expect(result.perplexity).toBeCloseTo(Math.exp(nll / count), 6);
    expect(result.kl).toBeUndefined();
  });

  it.each<BackendName>(['wasm'])('gives cpu’s perplexity on %s', async (backend) => {
    const tokenizer = await tok512();
    const cpu = await evaluate(
      await loadFixture('llama2c/stories260K.bin'),
      tokenizer,
      sampleText(),
      CHUNKS,
    );
    const other = await loadFixture('llama2c/stories260K.bin', backend);
    const result = await evaluate(other, tokenizer, sampleText(), CHUNKS);
    expect(Math.abs(result.perplexity / cpu.perplexity - 1)).toBeLessThan(1e-5);
  });
});

describe('KL-divergence and top-1 agreement (llama.cpp --kl-divergence)', () => {
  it('are exact on a hand-computed two-position case', () => {
    // p = softmax(b) = [1/4, 1/4, 1/2], q = softmax(m) = [1/4, 1/2, 1/4]:
    // KL(p‖q) = ¼·ln 1 + ¼·ln ½ + ½·ln 2 = ¼·ln 2; top tokens 2 vs 1.
    const base = [Float32Array.of(0, 0, Math.LN2), Float32Array.of(1, 2, 3)];
    const model = [Float32Array.of(0, Math.LN2, 0), Float32Array.of(1, 2, 3)];
    const packed = {
      scale: new Float32Array(2),
      minLogProb: new Float32Array(2),
      codes: new Uint16Array(6),
    };
    base.forEach((row, i) => {
      packLogProbs(row, rowSoftmax(row), packed, i);
    });
    const d = model.map((row, i) => rowDivergence(row, rowSoftmax(row), packed, i));
    expect(d[0]!.kl).toBeCloseTo(Math.LN2 / 4, 4);
    expect(d[1]!.kl).toBeCloseTo(0, 4);
    expect(d.map((x) => x.sameTop)).toEqual([false, true]);
  });

  it('a model against its own baseline: KL 0, top-1 agreement 1', async () => {
    const model = await loadFixture('gguf/stories260K.gguf');
    const tokenizer = await tok512();
    const baseline = await recordBaseline(model, tokenizer, sampleText(), CHUNKS);
    expect(baseline.targets).toHaveLength(3 * 63);
    const result = await evaluate(model, tokenizer, sampleText(), { ...CHUNKS, baseline });
    expect(Math.abs(result.kl!.mean)).toBeLessThan(1e-6);
    expect(result.top1).toBe(1);
  });

  it('q8_0 against f32: small positive KL, most tops agree', async () => {
    const tokenizer = await tok512();
    const f32 = await loadFixture('gguf/stories260K.gguf');
    const baseline = await recordBaseline(f32, tokenizer, sampleText(), CHUNKS);
    const q8 = await loadFixture('gguf/stories260K-q8_0.gguf');
    const result = await evaluate(q8, tokenizer, sampleText(), { ...CHUNKS, baseline });
    expect(result.kl!.mean).toBeGreaterThan(1e-5);
    expect(result.kl!.mean).toBeLessThan(0.01);
    expect(result.kl!.p99).toBeGreaterThan(result.kl!.mean);
    expect(result.top1).toBeGreaterThan(0.95);
    expect(result.top1).toBeLessThanOrEqual(1);
  });

  it('refuses a baseline from another protocol or ctx, and one over maxBytes', async () => {
    const model = await loadFixture('gguf/stories260K.gguf');
    const tokenizer = await tok512();
    const baseline = await recordBaseline(model, tokenizer, sampleText(), CHUNKS);
    await expect(
      evaluate(model, tokenizer, sampleText(), { ...CHUNKS, ctx: 100, baseline }),
    ).rejects.toMatchObject({ code: 'E_ARGUMENT' });
    // 189 positions × (2·512 + 12) bytes.
    await expect(
      recordBaseline(model, tokenizer, sampleText(), { ...CHUNKS, maxBytes: 189 * 1036 - 1 }),
    ).rejects.toMatchObject({ code: 'E_ARGUMENT' });
  });
});
