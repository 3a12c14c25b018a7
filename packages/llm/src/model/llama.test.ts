import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cpuBackend } from '@lowbit/backend-cpu';
import { bytesSource, Engine } from '@lowbit/core';
import { openModelSource } from '@lowbit/models';
import { describe, expect, it } from 'vitest';
import { generate } from '../generate.ts';
import { perplexity } from '../perplexity.ts';
import { llama2cTokenizer } from '../tokenizer/llama2c-tokenizer.ts';
import { loadLlama } from './load-llama.ts';

const fixture = (path: string) =>
  new Uint8Array(readFileSync(fileURLToPath(new URL(`../../../../fixtures/${path}`, import.meta.url))));
const golden = (name: string) => JSON.parse(new TextDecoder().decode(fixture(`llama2c/${name}`)));

async function setup(file: string) {
  const engine = new Engine({ logger: { warn: () => {} } });
  engine.use(cpuBackend());
  const source = await openModelSource(bytesSource(fixture(file)), file.split('/').pop()!);
  const model = await loadLlama(source, { engine, backend: 'cpu' });
  const tokenizer = await llama2cTokenizer(bytesSource(fixture('llama2c/tok512.bin')), 512);
  return { model, tokenizer };
}

describe('stories260K on cpu', () => {
  it('lines perplexity of tinystories_sample matches run.c', async () => {
    const { model, tokenizer } = await setup('llama2c/stories260K.bin');
    const text = new TextDecoder().decode(fixture('text/tinystories_sample.txt'));
    const result = await perplexity(model, tokenizer, text);
    const ref = golden('golden-perplexity.json').results[1];
    expect(result.scoredTokens).toBe(ref.scored_tokens);
    console.log(result);
    expect(result.meanNll).toBeCloseTo(ref.mean_nll, 4);
  });

  it('greedy generation reproduces run.c', async () => {
    const { model, tokenizer } = await setup('llama2c/stories260K.bin');
    const ref = golden('golden-greedy.json');
    let text = '';
    for await (const t of generate(model, tokenizer, ref.prompt, { steps: ref.steps })) text += t.text;
    expect(`${ref.prompt}${text}\n`).toBe(ref.output);
  });
});
