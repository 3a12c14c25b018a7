import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureFloats } from '../../../../tooling/test-helpers/fixtures.ts';
import { collectIo } from '../__fixtures__/collect-io.ts';
import { run } from '../index.ts';

const dir = mkdtempSync(join(tmpdir(), 'lowbit-analyze-'));
const file = join(dir, 'heavy.f32');
const model = join(import.meta.dirname, '../../../../fixtures/gguf/stories260K.gguf');
const laplace = fixtureFloats('ggml-blocks/input.f32').slice(2048, 3072);
writeFileSync(file, new Uint8Array(laplace.buffer, laplace.byteOffset, laplace.byteLength));

describe('lowbit analyze', () => {
  it('tables every format × transform, best first, with the default lists', async () => {
    const io = collectIo();
    expect(await run(['analyze', '--in', file, '--shape', '8,128'], io)).toBe(0);
    const rows = io.out.split('\n').filter((l) => /^│ \S/.test(l) && !l.includes('format'));
    expect(rows.length).toBe(11 * 3);
    expect(io.out).toMatch(/│ nvfp4_scaled\s+│ rht\s+│ 4\.500\s+│ 4\.750/);
  });

  it('gives JSON reports sorted by relative MSE, and shows rotation helping int4', async () => {
    const io = collectIo();
    expect(
      await run(
        [
          'analyze',
          '--in',
          file,
          '--shape',
          '8,128',
          '--formats',
          'int4/g128,mxfp4',
          '--transforms',
          'none,rht,block-hadamard:32',
          '--json',
        ],
        io,
      ),
    ).toBe(0);
    const { shape, reports } = JSON.parse(io.out) as {
      shape: number[];
      reports: { format: string; transform: string; relativeMse: number }[];
    };
    expect(shape).toEqual([8, 128]);
    expect(reports.length).toBe(6);
    const error = (f: string, t: string) =>
      reports.find((r) => r.format === f && r.transform === t)!.relativeMse;
    expect(error('int4/g128', 'rht')).toBeLessThan(error('int4/g128', 'none'));
  });

  it('reports bad shapes, specs and the model-file hook with coded errors', async () => {
    const cases: [string[], number, RegExp][] = [
      [['analyze', '--in', file, '--shape', '8,100'], 1, /^E_SHAPE: /],
      [['analyze', '--in', file, '--shape', 'a,b'], 2, /^E_USAGE: --shape/],
      [['analyze', '--in', file, '--formats', 'int4/q7'], 2, /^E_USAGE: Unknown part/],
      [['analyze', '--in', file, '--transforms', 'spin'], 2, /^E_USAGE: Unknown transform/],
      [
        ['analyze', '--in', file, '--formats', 'int8/ch,q8_0'],
        2,
        /^E_USAGE: "int8\/ch" has per-channel scales .*--shape/,
      ],
      [
        ['analyze', '--in', file, '--shape', '1024', '--formats', 'int4'],
        2,
        /^E_USAGE: "int4" has per-channel/,
      ],
      [['analyze', '--in', file, '--tensor', 'blk.0.attn_q.weight'], 2, /^E_USAGE: --tensor picks/],
      [['analyze'], 2, /^E_USAGE: Give a model file/],
    ];
    for (const [argv, code, message] of cases) {
      const io = collectIo();
      expect(await run(argv, io), argv.join(' ')).toBe(code);
      expect(io.err, argv.join(' ')).toMatch(message);
    }
  });

  it('states the 1 × N assumption without --shape, and leaves per-channel defaults out', async () => {
    const io = collectIo();
    expect(await run(['analyze', '--in', file, '--transforms', 'none'], io)).toBe(0);
    expect(io.out).toMatch(/treated as 1 × 1024/);
    expect(io.out).toMatch(/left out .*int8\/ch, fp8_e4m3fn\/ch/);
    expect(io.out).not.toMatch(/│ int8\/ch/);
    expect(io.out).toMatch(/│ int4\/g32\s+│ none/);
  });

  it('skips what a shape cannot take the same way whatever the input, and names the reason', async () => {
    const grouped = collectIo();
    expect(
      await run(
        [
          'analyze',
          '--in',
          file,
          '--shape',
          '8,128',
          '--transforms',
          'hadamard',
          '--formats',
          'int4/g48,q8_0',
        ],
        grouped,
      ),
    ).toBe(0);
    expect(grouped.out).toMatch(/│ q8_0\s+│ hadamard/);
    expect(grouped.out).toMatch(
      /skipped: int4\/g48 × hadamard: Group size 48 must divide the last axis \(128\)/,
    );

    const one = collectIo();
    expect(
      await run(
        ['analyze', model, '--tensor', 'blk.0.ffn_down.weight', '--formats', 'int4/g32'],
        one,
      ),
    ).toBe(0);
    expect(one.out).toMatch(/blk\.0\.ffn_down\.weight \[64×172\]/);
    expect(one.out).toMatch(
      /skipped: int4\/g32 × none: Group size 32 must divide the last axis \(172\)/,
    );
    expect(one.out).toMatch(/skipped: int4\/g32 × hadamard: No Hadamard transform of length 172/);
  });

  it('prints no empty rows for the whole model: says which formats covered no tensor, and why', async () => {
    const io = collectIo();
    expect(
      await run(['analyze', model, '--formats', 'int4/g128,q8_0', '--transforms', 'none'], io),
    ).toBe(0);
    expect(io.out).not.toMatch(/NaN/);
    expect(io.out).not.toMatch(/│ int4\/g128/);
    expect(io.out).toMatch(
      /covered no tensor: int4\/g128 × none: 32× Group size 128 must divide the last axis \(64\); 5× Group size 128 must divide the last axis \(172\)/,
    );
    expect(io.out).toMatch(/│ q8_0\s+│ none\s+│ 8\.500\s+│ 8\.686/);
  });

  it('ranks only rows over the same tensors, with a title, a legend, and nominal beside padded bits', async () => {
    const io = collectIo();
    expect(
      await run(
        ['analyze', model, '--formats', 'q4_K,q8_0,int4/g32', '--transforms', 'none,hadamard'],
        io,
      ),
    ).toBe(0);
    const [ranked, coverage] = io.out.split(/^Coverage/m) as [string, string];
    expect(ranked).toMatch(
      /^Quantization error of stories260K\.gguf.*on the 32 of 37 2-D weights every row covers/m,
    );
    // q4_K pads each 64-value row to a 256-value block: 4.5 bits nominal, 18 stored.
    expect(ranked).toMatch(/│ q4_K\s+│ none\s+│ 4\.500\s+│ 18\.000/);
    expect(io.out).toMatch(/bits\/value nominal\s+.*whole blocks/);
    expect(io.out).toMatch(/bits\/value effective\s+.*padding/);
    expect(ranked.match(/^│ \S/gm)?.length).toBe(1 + 6);
    // Rows that cover more than the common set are listed apart, with their own numbers.
    expect(coverage).toMatch(/│ q8_0\s+│ none\s+│ 37\s+│ 0/);
    expect(coverage).toMatch(
      /│ q8_0\s+│ hadamard\s+│ 32\s+│ 5\s+│ .*│ 5× No Hadamard transform of length 172/,
    );
  });
});
