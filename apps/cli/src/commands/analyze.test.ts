import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureFloats } from '../../../../tooling/test-helpers/fixtures.ts';
import { collectIo } from '../__fixtures__/collect-io.ts';
import { run } from '../index.ts';

const dir = mkdtempSync(join(tmpdir(), 'lowbit-analyze-'));
const file = join(dir, 'heavy.f32');
const laplace = fixtureFloats('ggml-blocks/input.f32').slice(2048, 3072);
writeFileSync(file, new Uint8Array(laplace.buffer, laplace.byteOffset, laplace.byteLength));

describe('lowbit analyze', () => {
  it('tables every format × transform, best first, with the default lists', async () => {
    const io = collectIo();
    expect(await run(['analyze', '--in', file, '--shape', '8,128'], io)).toBe(0);
    const rows = io.out.split('\n').filter((l) => /^│ \S/.test(l) && !l.includes('format'));
    expect(rows.length).toBe(11 * 3);
    expect(io.out).toMatch(/│ nvfp4\s+│ rht\s+│ 4\.750/);
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
        [
          'analyze',
          '--in',
          file,
          '--shape',
          '8,128',
          '--transforms',
          'hadamard',
          '--formats',
          'int4/g48',
        ],
        1,
        /^E_SHAPE: Group size/,
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
});
