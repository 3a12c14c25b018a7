import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectIo } from '../__fixtures__/collect-io.ts';
import { run } from '../index.ts';

const fixture = (path: string) =>
  fileURLToPath(new URL(`../../../../fixtures/${path}`, import.meta.url));

async function tokenize(argv: string[]) {
  const io = collectIo();
  const code = await run(['tokenize', ...argv], io);
  return { code, ...io };
}

/** llama.cpp's vocab test pair `index` (.inp split as tests/test-tokenizer-0.cpp reads it). */
function pair(vocab: string, index: number): { text: string; ids: number[] } {
  const inputs = readFileSync(fixture(`gguf/${vocab}.inp`), 'utf8').split(
    '\n__ggml_vocab_test__\n',
  );
  const line = readFileSync(fixture(`gguf/${vocab}.out`), 'utf8')
    .split('\n')
    [index]!.trim();
  return { text: inputs[index]!, ids: line === '' ? [] : line.split(' ').map(Number) };
}

function textFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'lowbit-tokenize-')), 'input.txt');
  writeFileSync(path, text);
  return path;
}

describe('lowbit tokenize', () => {
  // test-tokenizer-0 encodes with add_special = false: `--no-bos`.
  describe.each([
    ['ggml-vocab-llama-spm.gguf', [0, 1, 3, 13, 20, 30]],
    ['ggml-vocab-gpt-2.gguf', [0, 13, 20, 30]],
    ['ggml-vocab-bert-bge.gguf', [0, 13, 20]],
  ])('%s', (vocab, indices) => {
    it.each(indices)('--no-bos --ids on .inp case %i equals its .out line', async (index) => {
      const { text, ids } = pair(vocab, index);
      const out = await tokenize([
        fixture(`gguf/${vocab}`),
        '--file',
        textFile(text),
        '--no-bos',
        '--ids',
      ]);
      expect(out.code, out.err).toBe(0);
      expect(out.out).toBe(`[${ids.join(', ')}]\n`);
    });
  });

  it("prints llama-tokenize's `%6d -> 'piece'` lines, BOS first, and the count", async () => {
    const out = await tokenize([
      fixture('gguf/ggml-vocab-llama-spm.gguf'),
      '--text',
      'Hello world',
      '--show-count',
    ]);
    expect(out.code, out.err).toBe(0);
    expect(out.out).toBe(
      "     1 -> '<s>'\n 15043 -> ' Hello'\n  3186 -> ' world'\nTotal number of tokens: 3\n",
    );
  });

  it('a byte token that is not UTF-8 alone is printed in hex, marked as llama-tokenize marks it', async () => {
    const out = await tokenize([fixture('gguf/ggml-vocab-llama-spm.gguf'), '--text', '\u{1F999}']);
    expect(out.code, out.err).toBe(0);
    expect(out.out).toMatch(/^ {5}1 -> '<s>'\n/);
    expect(out.out).toContain("' (utf-8 decode failure)\n");
    expect(out.out).toMatch(/-> '<f0>' \(utf-8 decode failure\)/);
  });

  it('--parse-special matches <s> written in the text; without it <s> is plain text', async () => {
    const model = fixture('gguf/ggml-vocab-llama-spm.gguf');
    const parsed = await tokenize([
      model,
      '--text',
      '<s>hi',
      '--ids',
      '--no-bos',
      '--parse-special',
    ]);
    const plain = await tokenize([model, '--text', '<s>hi', '--ids', '--no-bos']);
    expect(parsed.out).toMatch(/^\[1, /);
    expect(plain.out).not.toMatch(/^\[1, /);
  });

  it('stories260K.bin with tok512.bin gives the ids and pieces of its llama.cpp GGUF', async () => {
    const text = 'Once upon a time, there was a little girl named Lily.';
    const bin = await tokenize([fixture('llama2c/stories260K.bin'), '--text', text, '--json']);
    const gguf = await tokenize([fixture('gguf/stories260K.gguf'), '--text', text, '--json']);
    expect(bin.code, bin.err).toBe(0);
    expect(gguf.code, gguf.err).toBe(0);
    const parsed = JSON.parse(bin.out);
    expect(parsed.ids[0]).toBe(1);
    expect(parsed.tokens).toBe(parsed.ids.length);
    expect(parsed.pieces.join('')).toBe(`<s> ${text}`);
    expect(bin.out).toBe(gguf.out);
  });

  it('needs exactly one of --text and --file (E_USAGE)', async () => {
    const none = await tokenize([fixture('gguf/stories260K.gguf')]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^E_USAGE: tokenize needs exactly one of --text/);
  });

  it('--help lists the flags', async () => {
    const out = await tokenize(['--help']);
    expect(out.code).toBe(0);
    for (const flag of ['--text', '--file', '--ids', '--json', '--no-bos', '--parse-special'])
      expect(out.out).toContain(flag);
  });
});
