import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectIo } from '../__fixtures__/collect-io.ts';
import { run } from '../index.ts';
import type { EvalRow } from './eval-run.ts';

const fixture = (path: string) =>
  fileURLToPath(new URL(`../../../../fixtures/${path}`, import.meta.url));
const golden = JSON.parse(readFileSync(fixture('llama2c/golden-perplexity.json'), 'utf8'));
const sampleRef = golden.results.find((r: { text: string }) =>
  r.text.includes('tinystories_sample'),
);
const bin = [fixture('llama2c/stories260K.bin'), '--tokenizer', fixture('llama2c/tok512.bin')];
const sample = ['--text', fixture('text/tinystories_sample.txt')];

/** Every element closed in order (tags only: what an SVG viewer's XML parser checks first). */
function wellFormed(xml: string): boolean {
  const open: string[] = [];
  for (const [, close, name, selfClosing] of xml.matchAll(/<(\/?)([\w:-]+)[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (!close) open.push(name!);
    else if (open.pop() !== name) return false;
  }
  return open.length === 0 && xml.trimEnd().endsWith('</svg>');
}

async function evalCli(argv: string[]) {
  const io = collectIo();
  const code = await run(['eval', ...argv], io);
  return { code, ...io };
}

describe('lowbit eval', () => {
  it('f32 and q8_0 on tinystories_sample: run.c’s f32 perplexity, q8_0 close with small KL', async () => {
    const out = await evalCli([...bin, ...sample, '--formats', 'f32,q8_0', '--json']);
    expect(out.code, out.err).toBe(0);
    const result = JSON.parse(out.out);
    expect(result.protocol).toBe('lines');
    expect(result.tokens).toBe(sampleRef.scored_tokens);
    const [f32, q8] = result.rows as EvalRow[];
    expect(f32).toMatchObject({ format: 'f32', transform: 'none', bitsPerWeight: 32 });
    expect(Math.abs(f32!.meanNll / sampleRef.mean_nll - 1)).toBeLessThan(1e-5);
    expect(f32!.perplexity.toFixed(4)).toBe('6.2601');
    expect(f32!.deltaPercent).toBe(0);
    expect(f32!.top1).toBe(1);
    // ffn_down's rows of 172 are not whole q8_0 blocks: those stay f32.
    expect(q8).toMatchObject({ format: 'q8_0', transform: 'none' });
    expect(q8!.bitsPerWeight).toBeGreaterThan(8.5);
    expect(q8!.bitsPerWeight).toBeLessThan(16);
    expect(Math.abs(q8!.deltaPercent)).toBeLessThan(0.5);
    expect(q8!.klMean).toBeGreaterThan(f32!.klMean);
    expect(q8!.klMean).toBeLessThan(1e-2);
    expect(q8!.top1).toBeGreaterThan(0.9);
  });

  it('prints the table with every column, and notes the tensors a format could not take', async () => {
    const out = await evalCli([...bin, ...sample, '--formats', 'f32,q4_K']);
    expect(out.code, out.err).toBe(0);
    for (const column of [
      'format',
      'transform',
      'bits/weight',
      'model size',
      'perplexity',
      'Δ vs f32',
      'KL vs f32',
      'top-1 agreement',
      'tok/s',
    ])
      expect(out.out).toContain(column);
    expect(out.out).toMatch(/f32 perplexity 6\.2601/);
    expect(out.out).toMatch(/│ f32 +│ none +│ 32\.000 +│ [\d.]+ KiB +│ 6\.2601 +│ \+0\.00% +│/);
    expect(out.out).toMatch(/q4_K × none: kept .*not a multiple of q4_K's 256-value blocks/);
  });

  it('--chart writes an SVG with one series per transform', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lowbit-eval-'));
    const chart = join(dir, 'ppl.svg');
    const out = await evalCli([
      ...bin,
      ...sample,
      '--formats',
      'f32,q8_0',
      '--transforms',
      'none,hadamard',
      '--chart',
      chart,
    ]);
    expect(out.code, out.err).toBe(0);
    const svg = readFileSync(chart, 'utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(wellFormed(svg)).toBe(true);
    expect(svg).toContain('bits/weight');
    // The legend names each series; each series is one line path.
    for (const t of ['none', 'hadamard']) expect(svg).toContain(`>${t}</text>`);
    expect(svg.match(/class="mark-line role-mark/g)?.length).toBe(2);
    expect(svg.match(/aria-roledescription="line mark"/g)?.length).toBe(2);
    expect(readdirSync(dir)).toEqual(['ppl.svg']);
  });

  it('--keep stores the named tensors at --keep-as; --protocol chunks scores second halves', async () => {
    const rows = async (flags: string[]) => {
      const out = await evalCli([...bin, ...sample, '--formats', 'q4_0', '--json', ...flags]);
      expect(out.code, out.err).toBe(0);
      return JSON.parse(out.out);
    };
    const plain = (await rows([])).rows[0];
    const kept = (await rows(['--keep', 'output,token_embd'])).rows[0];
    expect(kept.bitsPerWeight).toBeGreaterThan(plain.bitsPerWeight);
    expect(kept.klMean).toBeLessThan(plain.klMean);
    const same = (await rows(['--keep', 'output,token_embd', '--keep-as', 'q4_0'])).rows[0];
    expect(same.bitsPerWeight).toBe(plain.bitsPerWeight);
    const chunks = await rows(['--protocol', 'chunks', '--ctx', '64']);
    expect(chunks.protocol).toBe('chunks');
    // Each 64-token chunk scores its second half, 31 tokens (the last of the half has no next).
    expect(chunks.tokens % 31).toBe(0);
  });

  it.each([
    [['--formats', 'q9_9']],
    [['--formats', 'int4/g33x']],
    [['--transforms', 'spin']],
    [['--protocol', 'windows']],
    [['--ctx', '1']],
    [['--seed', 'x']],
    [['--mix', 'q9_k_m']],
    [['--backend', 'gpu']],
    [['--threads', '0']],
  ])('%s is refused before anything runs', async (flags) => {
    const out = await evalCli([...bin, ...sample, ...flags]);
    expect(out.code).not.toBe(0);
    expect(out.err).toMatch(/^E_(USAGE|FORMAT_UNKNOWN|FORMAT_INVALID|ARGUMENT): /);
    expect(out.out).toBe('');
  });

  it('without --text is E_USAGE', async () => {
    const out = await evalCli(bin);
    expect(out.code).toBe(2);
    expect(out.err).toMatch(/^E_USAGE: eval needs --text/);
  });

  it('a text file given as MODEL is a coded error', async () => {
    const out = await evalCli([fixture('text/tinystories_sample.txt'), ...sample]);
    expect(out.code).toBe(1);
    expect(out.err).toMatch(/^E_[A-Z_]+: .*tinystories_sample\.txt/);
  });
});
