import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectIo } from '../__fixtures__/collect-io.ts';
import { run } from '../index.ts';

const fixture = (path: string) =>
  fileURLToPath(new URL(`../../../../fixtures/${path}`, import.meta.url));

async function json(argv: string[]) {
  const io = collectIo();
  expect(await run(argv, io), io.err).toBe(0);
  return JSON.parse(io.out);
}

describe('lowbit inspect', () => {
  it('summarises a quantized GGUF: container, metadata, formats and totals', async () => {
    const out = await json(['inspect', fixture('gguf/stories260K-q4_0.gguf'), '--json']);
    expect(out.container).toBe('gguf');
    expect(out.summary).toMatchObject({ version: 3, 'metadata keys': 19, architecture: 'llama' });
    expect(out.types.q4_0.tensors).toBe(32);
    expect(out.totals.tensors).toBe(48);
    expect(
      out.tensors.find((t: { name: string }) => t.name === 'blk.0.attn_q.weight'),
    ).toMatchObject({ shape: [64, 64], type: 'q4_0', bitsPerWeight: 4.5 });
  });

  it('reads llama2.c checkpoints and safetensors too', async () => {
    const l2c = await json(['inspect', fixture('llama2c/stories260K.bin'), '--json']);
    expect(l2c).toMatchObject({
      container: 'llama2c',
      summary: { dim: 64, layers: 5, vocabSize: 512 },
    });
    const st = await json(['inspect', fixture('safetensors/overall.safetensors'), '--json']);
    expect(st.container).toBe('safetensors');
    expect(st.tensors.map((t: { type: string }) => t.type)).toEqual([
      'uint8',
      'U16',
      'U32',
      'int8',
      'F64',
      'f16',
      'f32',
      'I16',
      'I32',
    ]);
  });

  it('prints tables, with every tensor under --tensors', async () => {
    const io = collectIo();
    expect(await run(['inspect', fixture('gguf/stories260K-mxfp4.gguf'), '--tensors'], io)).toBe(0);
    expect(io.out).toMatch(/│ container\s+│ gguf/);
    expect(io.out).toMatch(/│ blk\.4\.ffn_up\.weight\s+│ 172×64\s+│ mxfp4\s+│/);
  });

  it('refuses unknown and damaged files with coded errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lowbit-inspect-'));
    writeFileSync(join(dir, 'x.txt'), 'hello');
    const truncated = join(dir, 't.gguf');
    writeFileSync(truncated, new Uint8Array([0x47, 0x47, 0x55, 0x46, 3, 0, 0, 0, 9, 9]));
    const cases: [string, RegExp][] = [
      [join(dir, 'x.txt'), /^E_FILE_CORRUPT: Cannot tell/],
      [truncated, /^E_FILE_TRUNCATED: /],
      [join(dir, 'missing.gguf'), /^E_FILE_IO: /],
    ];
    for (const [path, message] of cases) {
      const io = collectIo();
      expect(await run(['inspect', path], io)).toBe(1);
      expect(io.err).toMatch(message);
    }
  });
});

describe('lowbit analyze MODEL', () => {
  it('aggregates over every 2-D weight, skipping transforms a row length cannot take', async () => {
    const out = await json([
      'analyze',
      fixture('gguf/stories260K.gguf'),
      '--formats',
      'q4_0,int4/g32',
      '--transforms',
      'none,hadamard',
      '--json',
    ]);
    // Ranked on the 32 weights every row covers; each row's own coverage is listed apart.
    expect(out.aggregate.map((r: { tensors: number }) => r.tensors)).toEqual([32, 32, 32, 32]);
    expect(out.coverage.length).toBe(4);
    const row = (f: string, t: string) =>
      out.coverage.find(
        (r: { format: string; transform: string }) => r.format === f && r.transform === t,
      );
    expect(row('q4_0', 'none')).toMatchObject({ tensors: 37, skipped: 0 });
    expect(row('q4_0', 'hadamard')).toMatchObject({ tensors: 32, skipped: 5 }); // ffn_down rows are 172 long
    expect(row('q4_0', 'none').relativeMse).toBeGreaterThan(1e-3);
    expect(out.perTensor.length).toBe(37 + 32 + 32 + 32); // int4/g32 cannot group rows of 172 either
  });

  it('analyses one named tensor of a model', async () => {
    const out = await json([
      'analyze',
      fixture('gguf/stories260K.gguf'),
      '--tensor',
      'blk.0.attn_q.weight',
      '--formats',
      'nvfp4',
      '--transforms',
      'none',
      '--json',
    ]);
    expect(out.shape).toEqual([64, 64]);
    expect(out.reports[0]).toMatchObject({ format: 'nvfp4', transform: 'none' });
    const io = collectIo();
    expect(
      await run(
        ['analyze', fixture('gguf/stories260K.gguf'), '--tensor', 'blk.0.attn_qq.weight'],
        io,
      ),
    ).toBe(1);
    expect(io.err).toMatch(/^E_ARGUMENT: No tensor/);
  });
});
