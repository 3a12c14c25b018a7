import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getFormat } from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import { dequantize, parseFormatSpec, quantize } from '@lowbit/quant';
import { describe, expect, it } from 'vitest';
import { fixtureFloats } from '../../../../tooling/test-helpers/fixtures.ts';
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
      'nvfp4_scaled',
      'q4_K',
      'posit8_es2',
    ]) {
      const format = getFormat(name);
      const want = format.decode(format.encode(values), values.length);
      expect(Array.from(await roundTrip(name)), name).toEqual(Array.from(want));
      expect(new Uint8Array(readFileSync(path(`${name}.bin`)))).toEqual(format.encode(values));
    }
  });

  it('decodes a raw nvfp4 file written before the rename (4-byte tensor scale first) as nvfp4_scaled', async () => {
    const scaled = getFormat('nvfp4_scaled');
    writeFileSync(path('old-nvfp4.bin'), scaled.encode(values));
    for (const count of [[], ['--count', '100']]) {
      const io = collectIo();
      const args = ['--format', 'nvfp4', '--in', path('old-nvfp4.bin'), '--out', path('old.f32')];
      expect(await run(['decode', ...args, ...count], io), io.err).toBe(0);
      const bytes = readFileSync(path('old.f32'));
      const got = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
      expect(Array.from(got.subarray(0, 100))).toEqual(
        Array.from(scaled.decode(scaled.encode(values), 100)),
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

  it("uses each format's own overflow default unless --saturate or --no-saturate is given", async () => {
    const io = collectIo();
    writeFileSync(path('big.f32'), new Uint8Array(Float32Array.of(1e6, -1e6).buffer));
    const encodeBig = async (format: string, extra: string[]) => {
      const out = path(`big-${format}-${extra.join('')}.bin`);
      expect(
        await run(
          ['encode', '--format', format, '--in', path('big.f32'), '--out', out, ...extra],
          io,
        ),
      ).toBe(0);
      return Array.from(getFormat(format).decode(new Uint8Array(readFileSync(out)), 2));
    };
    expect(await encodeBig('f16', [])).toEqual([
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ]);
    expect(await encodeBig('f16', ['--no-saturate'])).toEqual([
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ]);
    expect(await encodeBig('f16', ['--saturate'])).toEqual([65504, -65504]);
    expect(await encodeBig('fp8_e5m2', [])).toEqual([57344, -57344]);
    expect(await encodeBig('fp8_e5m2', ['--no-saturate'])).toEqual([
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ]);
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
          'encode',
          '--format',
          'q4_0',
          '--in',
          path('x.f32'),
          '--out',
          path('o.bin'),
          '--rounding',
          'stochastic',
        ],
        1,
        /^E_UNSUPPORTED: q4_0 does not support rounding "stochastic"; use one of nearest-even/,
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

// Typical weights: |w| well below 1, so an unscaled int4 rounds nearly all of them to 0.
const weights = fixtureFloats('ggml-blocks/input.f32').slice(2048, 3072);
writeFileSync(
  path('w.f32'),
  new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength),
);

async function cli(argv: string[]) {
  const io = collectIo();
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err };
}

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('lowbit encode / decode with scaled specs', () => {
  it('warns when an unscaled integer encode zeroes most of the input, and suggests a scale', async () => {
    const plain = await cli([
      'encode',
      '--format',
      'int4',
      '--in',
      path('w.f32'),
      '--out',
      path('w.int4'),
    ]);
    expect(plain.code).toBe(0);
    const [, lost] =
      /warning: (\d+) of 1024 values .*zero.*--format int4\/g32/.exec(plain.err) ?? [];
    expect(Number(lost)).toBeGreaterThan(512);
    // Values that fit the integer range need no warning.
    const ints = Float32Array.from({ length: 64 }, (_, i) => (i % 15) - 7);
    writeFileSync(path('ints.f32'), new Uint8Array(ints.buffer));
    const fits = await cli([
      'encode',
      '--format',
      'int4',
      '--in',
      path('ints.f32'),
      '--out',
      path('i.bin'),
    ]);
    expect(fits.err).not.toMatch(/warning/);
  });

  it('encodes the specs analyze takes and decodes them bit-exactly as @lowbit/quant does', async () => {
    for (const [spec, shape] of [
      ['int4/g32', undefined],
      ['int4/g64/mse', '8,128'],
      ['int4/g32/zp', '8,128'],
      ['fp8_e4m3fn/ch', '8,128'],
      ['nf4/g64', '16,64'],
    ] as const) {
      const file = path(`${spec.replaceAll('/', '_')}.lbq`);
      const encoded = await cli([
        'encode',
        '--format',
        spec,
        '--in',
        path('w.f32'),
        '--out',
        file,
        ...(shape ? ['--shape', shape] : []),
      ]);
      expect(encoded.code, encoded.err).toBe(0);
      expect(encoded.err).not.toMatch(/warning/);
      const { format, options } = parseFormatSpec(spec);
      const q = quantize(weights, shape ? shape.split(',').map(Number) : [1024], format, options);
      // decode reads the spec and shape from the file: no --format needed.
      const decoded = await cli(['decode', '--in', file, '--out', path('back.f32')]);
      expect(decoded.code, decoded.err).toBe(0);
      const back = readFileSync(path('back.f32'));
      expect(bits(new Float32Array(back.buffer, back.byteOffset, back.length / 4)), spec).toEqual(
        bits(dequantize(q)),
      );
      expect(decoded.err).toContain(`→ 1024 float32 values`);
      // With --format it must match what the file holds.
      const wrong = await cli(['decode', '--format', 'int8/g32', '--in', file, '--out', path('x')]);
      expect(wrong.code).toBe(2);
      expect(wrong.err).toMatch(/^E_USAGE: .*holds "/);
    }
  });

  it('needs --shape for per-channel specs, and rejects scaled files cut short', async () => {
    const noShape = await cli([
      'encode',
      '--format',
      'fp8_e4m3fn/ch',
      '--in',
      path('w.f32'),
      '--out',
      path('c.lbq'),
    ]);
    expect(noShape.code).toBe(2);
    expect(noShape.err).toMatch(/^E_USAGE: .*per-channel.*--shape/);
    await cli(['encode', '--format', 'int4/g32', '--in', path('w.f32'), '--out', path('g.lbq')]);
    const whole = readFileSync(path('g.lbq'));
    writeFileSync(path('cut.lbq'), whole.subarray(0, whole.length - 10));
    const cut = await cli(['decode', '--in', path('cut.lbq'), '--out', path('x')]);
    expect(cut.code).toBe(1);
    expect(cut.err).toMatch(
      new RegExp(`^E_FILE_TRUNCATED: .*${whole.length - 10} bytes .*${whole.length}`),
    );
  });

  it('refuses a raw file that ends mid-block instead of decoding 0 values', async () => {
    await cli(['encode', '--format', 'q8_0', '--in', path('x.f32'), '--out', path('q8.bin')]);
    const whole = readFileSync(path('q8.bin')); // 4 blocks of 34 bytes
    writeFileSync(path('short.bin'), whole.subarray(0, 20));
    const short = await cli([
      'decode',
      '--format',
      'q8_0',
      '--in',
      path('short.bin'),
      '--out',
      path('x'),
    ]);
    expect(short.code).toBe(1);
    expect(short.err).toMatch(/^E_FILE_TRUNCATED: .*20 bytes.*34/);
    writeFileSync(path('mid.bin'), whole.subarray(0, 100));
    const mid = await cli([
      'decode',
      '--format',
      'q8_0',
      '--in',
      path('mid.bin'),
      '--out',
      path('x'),
    ]);
    expect(mid.code).toBe(1);
    expect(mid.err).toMatch(/^E_FILE_TRUNCATED: .*100 bytes.*102/);
    writeFileSync(path('odd.f16'), new Uint8Array(5));
    const odd = await cli([
      'decode',
      '--format',
      'f16',
      '--in',
      path('odd.f16'),
      '--out',
      path('x'),
    ]);
    expect(odd.code).toBe(1);
    expect(odd.err).toMatch(/^E_FILE_TRUNCATED: .*5 bytes.*6/);
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
    expect(JSON.parse(block.out)).toMatchObject({
      name: 'q4_0',
      block: 32,
      bitsPerValue: 4.5,
      roundingModes: ['nearest-even'],
    });
    expect(JSON.parse(io.out).roundingModes).toContain('stochastic');
    expect(JSON.parse(block.out).values).toBeUndefined();
  });
});
