import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesSource } from '@lowbit/core';
import { formatForGgmlType } from '@lowbit/formats';
import { type GgufFile, openGguf } from '@lowbit/gguf';
import { describe, expect, it } from 'vitest';
import { fixture, gptjGguf, TRUNCATED, truncatedGguf } from '../__fixtures__/bad-models.ts';
import { collectIo } from '../__fixtures__/collect-io.ts';
import { run } from '../index.ts';

async function cli(argv: string[]) {
  const io = collectIo();
  const code = await run(argv, io);
  return { code, ...io };
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'lowbit-quantize-'));
const readGguf = (path: string) => openGguf(bytesSource(new Uint8Array(readFileSync(path))));
const plain = (v: unknown) =>
  JSON.stringify(v, (_, x) => (x?.items ? [...x.items] : typeof x === 'bigint' ? `${x}` : x));

/** What llama.cpp's gguf_init_from_file and llama_model_loader check before reading a tensor. */
function expectLlamaCppLayout(file: GgufFile): void {
  expect(file.dataOffset % file.alignment).toBe(0);
  for (const t of file.tensors) {
    expect(t.offset % file.alignment, t.name).toBe(0);
    expect(formatForGgmlType(t.ggmlType), `${t.name}: ggml type ${t.ggmlType}`).toBeDefined();
    expect(t.dims.length).toBeGreaterThanOrEqual(1);
  }
}

describe('lowbit quantize', () => {
  it('q8_0: a GGUF llama.cpp reads — same keys and tokenizer, ggml types, aligned, file_type 7', async () => {
    const out = join(tempDir(), 'q8.gguf');
    const r = await cli(['quantize', fixture('gguf/stories260K.gguf'), out, '--format', 'q8_0']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/blk\.0\.attn_q\.weight: f32 → q8_0/);
    expect(r.err).toMatch(/blk\.0\.ffn_down\.weight: kept f32 \(rows of 172/);
    const source = await readGguf(fixture('gguf/stories260K.gguf'));
    const file = await readGguf(out);
    expectLlamaCppLayout(file);
    for (const [key, value] of source.metadata)
      if (key !== 'general.file_type')
        expect(plain(file.metadata.get(key)), key).toBe(plain(value));
    expect(file.get('general.file_type')).toBe(7);
    expect([...file.metadata.keys()].filter((k) => k.startsWith('lowbit.'))).toEqual([]);
    expect(file.tensors.map((t) => t.name).sort()).toEqual(
      source.tensors.map((t) => t.name).sort(),
    );
    expect(file.tensorInfo('blk.0.attn_q.weight')!.format.name).toBe('q8_0');
    expect(readdirSync(join(out, '..'))).toEqual(['q8.gguf']);
  });

  it('--rotate residual to q8_0: eval of the file equals eval of the same transform and format in memory', async () => {
    const out = join(tempDir(), 'rot.gguf');
    const q = await cli([
      'quantize',
      fixture('gguf/stories260K.gguf'),
      out,
      '--format',
      'q8_0',
      '--rotate',
      'residual',
      '--seed',
      '5',
    ]);
    expect(q.code, q.err).toBe(0);
    expectLlamaCppLayout(await readGguf(out));
    const text = ['--text', fixture('text/tinystories_sample.txt'), '--backend', 'cpu'];
    const evalRow = async (args: string[]) => {
      const r = await cli(['eval', ...args, ...text, '--threads', '1', '--json']);
      expect(r.code, r.err).toBe(0);
      return JSON.parse(r.out).rows[0];
    };
    const memory = await evalRow([
      fixture('gguf/stories260K.gguf'),
      '--formats',
      'q8_0',
      '--transforms',
      'rotate-residual',
      '--seed',
      '5',
    ]);
    // The file's matrices are q8_0 already: eval keeps them as stored.
    const fromFile = await evalRow([out, '--formats', 'q8_0']);
    expect(fromFile.perplexity).toBe(memory.perplexity);
    expect(fromFile.bitsPerWeight).toBe(memory.bitsPerWeight);
  });

  it('--format int4/g32 --rotate hadamard: lowbit.* keys record formats and online rotations; generate runs it', async () => {
    const out = join(tempDir(), 'int4.gguf');
    const q = await cli([
      'quantize',
      fixture('gguf/stories260K.gguf'),
      out,
      '--format',
      'int4/g32',
      '--rotate',
      'hadamard',
      '--rules',
      'keep-ends-q8_0',
    ]);
    expect(q.code, q.err).toBe(0);
    expect(q.err).toMatch(/only lowbit runs this file as quantized/);
    const file = await readGguf(out);
    expect(file.get('lowbit.version')).toBe(1);
    expect(file.get('lowbit.rotation')).toBe('hadamard');
    expect(file.tensorInfo('blk.0.attn_q.scales')?.format.name).toBe('f32');
    expect(file.tensorInfo('token_embd.weight')?.format.name).toBe('q8_0');
    expect(file.metadata.has('general.file_type')).toBe(false);
    const g = await cli([
      'generate',
      out,
      '--steps',
      '24',
      '--temperature',
      '0',
      '--backend',
      'cpu',
    ]);
    expect(g.code, g.err).toBe(0);
    expect(g.out.length).toBeGreaterThan(24);
  });

  it('a llama2.c .bin gets the tokenizer llama.cpp’s converter writes: tokenize agrees with stories260K.gguf', async () => {
    const out = join(tempDir(), 'from-bin.gguf');
    const q = await cli(['quantize', fixture('llama2c/stories260K.bin'), out, '--format', 'q8_0']);
    expect(q.code, q.err).toBe(0);
    expectLlamaCppLayout(await readGguf(out));
    const text = ['--text', 'Lily saw a big dog. She was happy!'];
    const a = await cli(['tokenize', out, ...text]);
    const b = await cli(['tokenize', fixture('gguf/stories260K.gguf'), ...text]);
    expect(a.code, a.err).toBe(0);
    expect(a.out).toBe(b.out);
  });

  describe('bad input: coded errors that say what to do, and nothing written', () => {
    const quantize = async (input: string, extra: string[] = []) => {
      const dir = tempDir();
      const r = await cli(['quantize', input, join(dir, 'out.gguf'), '--format', 'q8_0', ...extra]);
      return { ...r, written: existsSync(join(dir, 'out.gguf')) };
    };

    it('an unknown architecture is E_UNSUPPORTED naming it', async () => {
      const r = await quantize(await gptjGguf(tempDir()));
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^E_UNSUPPORTED: .*gpt-j.*llama/);
      expect(r.written).toBe(false);
    });

    it.each([2000, 600_000])('a model cut at byte %i is a coded error saying so', async (at) => {
      const r = await quantize(truncatedGguf(tempDir(), at));
      expect(r.code).toBe(1);
      expect(r.err).toMatch(TRUNCATED);
      expect(r.written).toBe(false);
    });

    it('an unknown format is E_FORMAT_UNKNOWN before the model is read', async () => {
      const dir = tempDir();
      const r = await cli(['quantize', 'missing.gguf', join(dir, 'o.gguf'), '--format', 'q9_9']);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^E_FORMAT_UNKNOWN: .*q9_9/);
    });

    it('no --format, a non-.gguf output, an unknown --rotate or --rules are E_USAGE', async () => {
      const model = fixture('gguf/stories260K.gguf');
      const dir = tempDir();
      for (const [argv, message] of [
        [['quantize', model, join(dir, 'o.gguf')], /needs --format/],
        [['quantize', model, join(dir, 'o.bin'), '--format', 'q8_0'], /name the output \*\.gguf/],
        [['quantize', model, join(dir, 'o.gguf'), '--format', 'q8_0', '--rotate', 'x'], /--rotate/],
        [['quantize', model, join(dir, 'o.gguf'), '--format', 'q8_0', '--rules', 'x'], /--rules/],
      ] as const) {
        const r = await cli([...argv]);
        expect(r.code).toBe(2);
        expect(r.err).toMatch(message);
      }
      expect(readdirSync(dir)).toEqual([]);
    });
  });

  it('--help lists the flags', async () => {
    const r = await cli(['quantize', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--format', '--rules', '--keep', '--keep-as', '--rotate', '--seed'])
      expect(r.out).toContain(flag);
  });
});
