import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getFormat } from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import { describe, expect, it } from 'vitest';
import { collectIo } from '../__fixtures__/collect-io.ts';
import { run } from '../index.ts';

registerAllFormats();
const dir = mkdtempSync(join(tmpdir(), 'lowbit-cli-'));
const path = (name: string) => join(dir, name);
const values = Float32Array.from({ length: 100 }, (_, i) => Math.sin(i) * 300);
writeFileSync(path('x.f32'), new Uint8Array(values.buffer));

async function roundTrip(format: string, extra: string[] = []): Promise<Float32Array> {
  const io = collectIo();
  expect(
    await run(
      [
        'encode',
        '--format',
        format,
        '--in',
        path('x.f32'),
        '--out',
        path(`${format}.bin`),
        ...extra,
      ],
      io,
    ),
  ).toBe(0);
  expect(
    await run(
      [
        'decode',
        '--format',
        format,
        '--in',
        path(`${format}.bin`),
        '--out',
        path(`${format}.f32`),
        '--count',
        '100',
      ],
      io,
    ),
  ).toBe(0);
  const bytes = readFileSync(path(`${format}.f32`));
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
}

describe('lowbit encode / decode', () => {
  it('round-trips through each kind of format exactly as the library does', async () => {
    for (const name of [
      'fp8_e4m3fn',
      'fp4_e2m1fn',
      'int4',
      'mxfp4',
      'nvfp4',
      'q4_K',
      'posit8_es2',
    ]) {
      const format = getFormat(name);
      const want = format.decode(format.encode(values, { overflow: 'saturate' }), values.length);
      expect(Array.from(await roundTrip(name)), name).toEqual(Array.from(want));
      expect(new Uint8Array(readFileSync(path(`${name}.bin`)))).toEqual(
        format.encode(values, { overflow: 'saturate' }),
      );
    }
  });

  it('passes rounding, seed, saturation and scale rule through', async () => {
    const format = getFormat('mxfp8_e4m3');
    const options = {
      rounding: 'stochastic',
      seed: 7n,
      scaleRule: 'rceil',
      overflow: 'saturate',
    } as const;
    const want = format.decode(format.encode(values, options), 100);
    expect(
      await roundTrip('mxfp8_e4m3', [
        '--rounding',
        'stochastic',
        '--seed',
        '7',
        '--scale-rule',
        'rceil',
      ]),
    ).toEqual(want);
    const fp8 = getFormat('fp8_e4m3fn');
    const special = fp8.decode(
      fp8.encode(values, { overflow: 'special', rounding: 'toward-zero' }),
      100,
    );
    expect(await roundTrip('fp8_e4m3fn', ['--no-saturate', '--rounding', 'rtz'])).toEqual(special);
  });

  it('decodes as many values as the input holds when --count is left out', async () => {
    const io = collectIo();
    await run(['encode', '--format', 'q8_0', '--in', path('x.f32'), '--out', path('q.bin')], io);
    expect(
      await run(['decode', '--format', 'q8_0', '--in', path('q.bin'), '--out', path('q.f32')], io),
    ).toBe(0);
    expect(readFileSync(path('q.f32')).length).toBe(128 * 4);
  });

  it('reports bad input with codes, and leaves no temporary files behind', async () => {
    writeFileSync(path('odd.f32'), new Uint8Array(7));
    const cases: [string[], number, RegExp][] = [
      [
        ['encode', '--format', 'fp8_e4m3fn', '--in', path('odd.f32'), '--out', path('o.bin')],
        1,
        /^E_FILE_CORRUPT: .*not a whole number of float32/,
      ],
      [
        ['encode', '--format', 'fp9', '--in', path('x.f32'), '--out', path('o.bin')],
        1,
        /^E_FORMAT_UNKNOWN: .*Did you mean/,
      ],
      [
        ['encode', '--format', 'int4', '--in', path('missing.f32'), '--out', path('o.bin')],
        1,
        /^E_FILE_IO: Cannot read/,
      ],
      [
        [
          'encode',
          '--format',
          'int4',
          '--in',
          path('x.f32'),
          '--out',
          path('o.bin'),
          '--rounding',
          'up',
        ],
        2,
        /^E_USAGE: --rounding/,
      ],
      [
        [
          'decode',
          '--format',
          'q4_0',
          '--in',
          path('x.f32'),
          '--out',
          path('o.f32'),
          '--count',
          '100000',
        ],
        1,
        /^E_FILE_TRUNCATED: /,
      ],
      [
        [
          'encode',
          '--format',
          'int4',
          '--in',
          path('x.f32'),
          '--out',
          join(dir, 'no-such-dir', 'o.bin'),
        ],
        1,
        /^E_FILE_IO: Cannot write/,
      ],
      [
        ['encode', '--format', 'int4', '--in', path('x.f32')],
        2,
        /^E_USAGE: required option '--out/,
      ],
    ];
    for (const [argv, code, message] of cases) {
      const io = collectIo();
      expect(await run(argv, io), argv.join(' ')).toBe(code);
      expect(io.err, argv.join(' ')).toMatch(message);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('lowbit formats NAME', () => {
  it('prints the properties and the full value table of an 8-bit format', async () => {
    const io = collectIo();
    expect(await run(['formats', 'fp8_e4m3fn'], io)).toBe(0);
    expect(io.out).toMatch(/max\s+│ 448/);
    expect(io.out).toMatch(/0x7e\s+│ 01111110 │ 448/);
    expect(io.out).toMatch(/0x7f\s+│ 01111111 │ NaN/);
    expect(io.out.match(/│ 0x[0-9a-f]{2}\s/g)?.length).toBe(256);
  });

  it('gives JSON with the value table, and no table for wider or block formats', async () => {
    const io = collectIo();
    await run(['formats', 'fp4_e2m1fn', '--json'], io);
    expect(JSON.parse(io.out).values).toEqual([
      0, 0.5, 1, 1.5, 2, 3, 4, 6, 0, -0.5, -1, -1.5, -2, -3, -4, -6,
    ]);
    const block = collectIo();
    await run(['formats', 'q4_0', '--json'], block);
    expect(JSON.parse(block.out)).toMatchObject({ name: 'q4_0', block: 32, bitsPerValue: 4.5 });
    expect(JSON.parse(block.out).values).toBeUndefined();
  });
});
