/**
 * `generate` and `eval` on input they cannot run: each fails with a coded error whose message
 * says what to do (quantize's own cases are in quantize.test.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fixture,
  gptjGguf,
  TRUNCATED,
  truncatedGguf,
  unknownTypeGguf,
} from '../__fixtures__/bad-models.ts';
import { collectIo } from '../__fixtures__/collect-io.ts';
import { run } from '../index.ts';

async function cli(argv: string[]) {
  const io = collectIo();
  const code = await run(argv, io);
  return { code, ...io };
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'lowbit-bad-input-'));
const text = ['--text', fixture('text/tinystories_sample.txt')];

describe.each([
  ['generate', [] as string[]],
  ['eval', text],
])('lowbit %s: bad input', (command, extra) => {
  it('an unknown architecture is E_UNSUPPORTED naming it and the ones supported', async () => {
    const r = await cli([command, await gptjGguf(tempDir()), ...extra]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^E_UNSUPPORTED: .*"gpt-j".*llama, mistral, qwen2/);
  });

  it.each([2000, 600_000])('a model cut at byte %i is a coded error saying so', async (at) => {
    const r = await cli([command, truncatedGguf(tempDir(), at), ...extra]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(TRUNCATED);
  });

  it('a tensor of a ggml type lowbit does not know is E_FILE_CORRUPT naming the type', async () => {
    const r = await cli([command, unknownTypeGguf(tempDir()), ...extra]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^E_FILE_CORRUPT: .*ggml type 99/);
  });

  it('--help describes the command and its flags', async () => {
    const r = await cli([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^Usage: lowbit ${command} \\[options\\] <model>`));
    for (const flag of ['--backend', '--threads', '--tokenizer']) expect(r.out).toContain(flag);
  });
});

describe('bad input specific to a command', () => {
  it('generate: a prompt longer than the context is E_ARGUMENT saying to shorten it', async () => {
    // stories260K.gguf's context is 2048 positions; this prompt is ~3,000 tokens.
    const prompt = 'Once upon a time there was a dog. '.repeat(300);
    const r = await cli(['generate', fixture('gguf/stories260K.gguf'), '--prompt', prompt]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^E_ARGUMENT: .*more than the model's context of 2048; shorten the prompt/,
    );
  });

  it('generate: a prompt longer than --steps (within the context) says to raise --steps', async () => {
    const prompt = 'Once upon a time there was a dog. '.repeat(30);
    const r = await cli(['generate', fixture('gguf/stories260K.gguf'), '--prompt', prompt]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^E_ARGUMENT: .*more than the 256 steps .*raise steps/);
  });

  it('eval: an unknown format is E_FORMAT_UNKNOWN before the model is read', async () => {
    const r = await cli(['eval', 'no-such-model.gguf', ...text, '--formats', 'f32,q9_9']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^E_FORMAT_UNKNOWN: .*q9_9/);
  });
});
