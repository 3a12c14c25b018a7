import type { WasmBackend } from '@lowbit/backend-wasm';
import { describe, expect, it } from 'vitest';
import {
  type BackendName,
  fixture,
  golden,
  loadFixture,
  maxRelDiff,
  sampleText,
  testEngine,
  tok512,
} from '../__fixtures__/stories.ts';
import { generate } from '../generate.ts';
import { perplexity } from '../perplexity.ts';
import { argmax } from '../sampling.ts';

const PROMPT = [1, 403, 407, 261, 378, 270, 429];

describe.each<BackendName>(['cpu', 'wasm'])('stories260K.bin on %s', (backend) => {
  it('lines perplexity of tinystories_sample equals run.c’s', async () => {
    const model = await loadFixture('llama2c/stories260K.bin', backend);
    const result = await perplexity(model, await tok512(), sampleText());
    const ref = golden('golden-perplexity.json').results[1];
    expect(result.scoredTokens).toBe(ref.scored_tokens);
    expect(result.sequences).toBe(ref.lines);
    expect(Math.abs(result.meanNll / ref.mean_nll - 1)).toBeLessThan(1e-5);
    expect(Math.abs(result.perplexity / ref.perplexity - 1)).toBeLessThan(1e-4);
    model.close();
  });

  it('greedy generation reproduces run.c’s text', async () => {
    const model = await loadFixture('llama2c/stories260K.bin', backend);
    const ref = golden('golden-greedy.json');
    let text = '';
    for await (const t of generate(model, await tok512(), ref.prompt, { steps: ref.steps }))
      text += t.text;
    // run.c prints the prompt's pieces, then the generated ones, then a newline.
    expect(`${ref.prompt}${text}\n`).toBe(ref.output);
    model.close();
  });
});

// The whole validation text (2,153 lines, 190,577 scored tokens): ~14 s on wasm, so on wasm only.
describe('stories260K.bin on wasm, the whole validation text', () => {
  it('lines perplexity of tinystories_val_part1 equals run.c’s', async () => {
    const text = new TextDecoder().decode(fixture('text/tinystories_val_part1.txt'));
    const model = await loadFixture('llama2c/stories260K.bin', 'wasm');
    const result = await perplexity(model, await tok512(), text);
    const ref = golden('golden-perplexity.json').results[0];
    expect(ref.text).toBe('text/tinystories_val_part1.txt');
    expect(result.scoredTokens).toBe(ref.scored_tokens);
    expect(result.sequences).toBe(ref.lines);
    expect(Math.abs(result.meanNll / ref.mean_nll - 1)).toBeLessThan(1e-5);
    expect(Math.abs(result.perplexity / ref.perplexity - 1)).toBeLessThan(1e-4);
    model.close();
  });
});

describe('the forward pass', () => {
  it('prefill as one batch gives the logits of step-by-step decoding', async () => {
    const model = await loadFixture('llama2c/stories260K.bin');
    const batch = model.newSession();
    const all = await batch.prefill(PROMPT, { allLogits: true });
    const last = await (async () => {
      batch.reset();
      return batch.prefill(PROMPT);
    })();
    const single = model.newSession();
    const V = model.config.vocabSize;
    for (const [t, token] of PROMPT.entries()) {
      const row = await single.step(token);
      expect(maxRelDiff(row, all.subarray(t * V, (t + 1) * V))).toBeLessThan(1e-5);
    }
    expect(maxRelDiff(last, all.subarray((PROMPT.length - 1) * V))).toBeLessThan(1e-5);
    expect(single.position).toBe(PROMPT.length);
  });

  it('stories260K.gguf gives the .bin’s logits', async () => {
    const engine = testEngine();
    const bin = await loadFixture('llama2c/stories260K.bin', 'cpu', engine);
    const gguf = await loadFixture('gguf/stories260K.gguf', 'cpu', engine);
    expect(gguf.config).toEqual({
      ...bin.config,
      contextLength: 2048,
      rmsEps: expect.closeTo(1e-5, 12),
    });
    const a = await bin.newSession().prefill(PROMPT, { allLogits: true });
    const b = await gguf.newSession().prefill(PROMPT, { allLogits: true });
    expect(maxRelDiff(b, a)).toBe(0);
  });

  it.each(['q4_0', 'mxfp4', 'f16'])(
    'stories260K-%s.gguf runs on its packed weights, cpu and wasm picking the same tokens',
    async (type) => {
      const engine = testEngine();
      const cpu = await loadFixture(`gguf/stories260K-${type}.gguf`, 'cpu', engine);
      const wasm = await loadFixture(`gguf/stories260K-${type}.gguf`, 'wasm', engine);
      expect(cpu.weights.layers[0]!.q.weight.format.name).toBe(type);
      expect(wasm.weights.layers[0]!.q.weight.location).toBe('wasm');
      const a = await cpu.newSession().prefill(PROMPT, { allLogits: true });
      const b = await wasm.newSession().prefill(PROMPT, { allLogits: true });
      const V = cpu.config.vocabSize;
      for (let t = 0; t < PROMPT.length; t++)
        expect(argmax(b.subarray(t * V, (t + 1) * V))).toBe(argmax(a.subarray(t * V, (t + 1) * V)));
    },
  );

  it.each<BackendName>(['cpu', 'wasm'])(
    'q8_0 weights stay within 0.5% of f32 perplexity on %s',
    async (backend) => {
      const model = await loadFixture('gguf/stories260K-q8_0.gguf', backend);
      const result = await perplexity(model, await tok512(), sampleText());
      const f32 = golden('golden-perplexity.json').results[1].perplexity;
      expect(Math.abs(result.perplexity / f32 - 1)).toBeLessThan(0.005);
    },
  );

  it('decoding on wasm leaves no tensor behind per token', async () => {
    const engine = testEngine();
    const model = await loadFixture('gguf/stories260K-q8_0.gguf', 'wasm', engine);
    const wasm = (await engine.backends.get('wasm')) as WasmBackend;
    const session = model.newSession({ contextLength: 64 });
    let logits = await session.prefill(PROMPT);
    const live: number[] = [];
    for (let i = 0; i < 20; i++) {
      logits = await session.step(i % 2 === 0 ? 300 : logits.indexOf(Math.max(...logits)));
      live.push(wasm.memory().live);
    }
    expect(new Set(live).size).toBe(1);
    session.dispose();
    model.close();
    // Only the backend's lifetime tables (rope angles) stay.
    expect(wasm.memory().live).toBe(wasm.memory().constants);
    expect(wasm.memory().constants).toBeLessThanOrEqual(1);
  });

  it('refuses tokens past the context', async () => {
    const model = await loadFixture('llama2c/stories260K.bin');
    const session = model.newSession({ contextLength: 4 });
    expect(() => session.forward([1, 2, 3, 4, 5])).toThrow(
      expect.objectContaining({ code: 'E_ARGUMENT' }),
    );
  });
});
