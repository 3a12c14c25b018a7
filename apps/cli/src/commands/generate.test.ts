import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectIo } from '../__fixtures__/collect-io.ts';
import { run } from '../index.ts';

const fixture = (path: string) =>
  fileURLToPath(new URL(`../../../../fixtures/${path}`, import.meta.url));
const golden = JSON.parse(readFileSync(fixture('llama2c/golden-greedy.json'), 'utf8'));
const greedy = ['--prompt', golden.prompt, '--steps', String(golden.steps), '--temperature', '0'];

async function generate(argv: string[]) {
  const io = collectIo();
  const code = await run(['generate', ...argv], io);
  return { code, ...io };
}

describe('lowbit generate', () => {
  it('greedy on stories260K.bin + tok512.bin prints run.c’s text exactly (auto: wasm, or webgpu on a GPU)', async () => {
    const out = await generate([
      fixture('llama2c/stories260K.bin'),
      '--tokenizer',
      fixture('llama2c/tok512.bin'),
      ...greedy,
    ]);
    expect(out.code, out.err).toBe(0);
    expect(out.out).toBe(golden.output);
    expect(out.err).toMatch(
      /^prefill: 5 tokens, [\d.]+ tok\/s; decode: 251 tokens, [\d.]+ tok\/s \((wasm|webgpu), seed \d+\)\n$/,
    );
  });

  it('finds tok512.bin beside the .bin (skipping the 32k tokenizer.bin) and runs on cpu too', async () => {
    const out = await generate([fixture('llama2c/stories260K.bin'), ...greedy, '--backend', 'cpu']);
    expect(out.code, out.err).toBe(0);
    expect(out.out).toBe(golden.output);
  });

  it('the GGUF with its own SentencePiece tokenizer gives the same text', async () => {
    const out = await generate([fixture('gguf/stories260K.gguf'), ...greedy]);
    expect(out.code, out.err).toBe(0);
    expect(out.out).toBe(golden.output);
  });

  it('a .bin with no tokenizer beside it is E_USAGE saying to pass --tokenizer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lowbit-generate-'));
    copyFileSync(fixture('llama2c/stories260K.bin'), join(dir, 'stories260K.bin'));
    copyFileSync(fixture('llama2c/tokenizer.bin'), join(dir, 'tokenizer.bin'));
    const out = await generate([join(dir, 'stories260K.bin'), ...greedy]);
    expect(out.code).toBe(2);
    expect(out.err).toMatch(/^E_USAGE: .*tokenizer\.bin holds 32000 tokens.*pass --tokenizer/);
  });

  it('sampling is seeded: the same seed gives the same text', async () => {
    const args = [fixture('gguf/stories260K.gguf'), '--steps', '40', '--seed', '7'];
    const a = await generate(args);
    const b = await generate(args);
    expect(a.code, a.err).toBe(0);
    expect(a.out).toBe(b.out);
    expect(a.err).toMatch(/seed 7\)/);
  });

  it.each([
    ['--steps', '0'],
    ['--temperature', '-1'],
    ['--top-p', '1.5'],
    ['--top-k', 'x'],
    ['--min-p', '2'],
    ['--repeat-penalty', '0'],
    ['--seed', '-3'],
    ['--threads', '0'],
    ['--backend', 'gpu'],
  ])('%s %s is E_USAGE', async (flag, value) => {
    const out = await generate([fixture('gguf/stories260K.gguf'), flag, value]);
    expect(out.code).toBe(2);
    expect(out.err).toMatch(/^E_USAGE: /);
  });

  it('a prompt longer than the steps is a coded error', async () => {
    const out = await generate([
      fixture('gguf/stories260K.gguf'),
      '--prompt',
      'Once upon a time',
      '--steps',
      '3',
    ]);
    expect(out.code).toBe(1);
    expect(out.err).toMatch(/^E_ARGUMENT: generate: the prompt is 5 tokens/);
  });

  it('a text file as MODEL is a coded error', async () => {
    const out = await generate([fixture('text/tinystories_sample.txt')]);
    expect(out.code).toBe(1);
    expect(out.err).toMatch(/^E_[A-Z_]+: /);
  });
});
