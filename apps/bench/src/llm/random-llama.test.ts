import { cpuBackend } from '@lowbit/backend-cpu';
import { Engine } from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { profileOps } from './op-profile.mjs';
import { loadOurs, ourTasks } from './ours.mjs';
import { modelBytes, randomLlama, toGguf, toLlama2cBin } from './random-llama.mjs';

const shape = { dim: 64, layers: 2, heads: 2, hidden: 96, vocab: 300, seq: 16 };
let engine: Engine;

beforeAll(async () => {
  registerAllFormats();
  engine = new Engine();
  engine.use(cpuBackend());
  await engine.ready();
});

describe('random 15M-shape model containers', () => {
  it('the llama2.c .bin and the f32 GGUF hold the same model: identical logits', async () => {
    const model = randomLlama(shape, 1);
    const bin = await loadOurs(engine, toLlama2cBin(model), 'random.bin');
    const gguf = await loadOurs(engine, toGguf(model, 'f32', engine), 'random.gguf');
    const prompt = [1, 5, 260, 17];
    const a = await bin.newSession().prefill(prompt, { allLogits: true });
    const b = await gguf.newSession().prefill(prompt, { allLogits: true });
    expect(b).toEqual(a);
    expect(gguf.config).toMatchObject({ dim: 64, layers: 2, heads: 2, vocabSize: 300 });
  });

  it('a q4_0 GGUF stores every matrix in q4_0 and its size matches modelBytes', async () => {
    const model = randomLlama(shape, 2);
    const loaded = await loadOurs(engine, toGguf(model, 'q4_0', engine), 'random-q4_0.gguf');
    expect(loaded.weights.layers[1]!.down.weight.format.name).toBe('q4_0');
    expect(loaded.weights.tokenEmbd.format.name).toBe('q4_0');
    const { weights } = modelBytes(model, 'q4_0', 16);
    let stored = 0;
    for (const t of [loaded.weights.tokenEmbd, loaded.weights.outputNorm]) stored += t.byteLength;
    for (const l of loaded.weights.layers)
      for (const t of [
        l.attnNorm,
        l.ffnNorm,
        ...[l.q, l.k, l.v, l.o, l.gate, l.up, l.down].map((w) => w.weight),
      ])
        stored += t.byteLength;
    expect(stored).toBe(weights);
  });
});

describe('profileOps', () => {
  it('counts every op of a decode step and leaves the engine unwrapped', async () => {
    const model = await loadOurs(engine, toLlama2cBin(randomLlama(shape, 3)), 'random.bin');
    const { decode } = ourTasks(model, { tokens: 2, prompt: [1] });
    const { byOp } = await profileOps(engine, decode, 1);
    const ops = byOp.map(([op]) => op);
    // 7 linears per layer in 3 shapes, plus the classifier.
    expect(ops).toEqual(
      expect.arrayContaining([
        'linear 64×64 f32',
        'linear 96×64 f32',
        'linear 64×96 f32',
        'linear 300×64 f32',
        'attention',
        'rmsnorm',
      ]),
    );
    expect(Object.hasOwn(engine, 'runOne')).toBe(false);
  });
});
