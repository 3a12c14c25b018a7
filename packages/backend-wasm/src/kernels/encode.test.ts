import { encode, type Format, getFormat, listFormats, packCodes } from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import { describe, expect, it } from 'vitest';
import { engines, expectSameBytes, randomBytes, randomFloats } from '../cross-check.ts';

registerAllFormats();

/** Values that stress a minifloat encoder: specials, every code's value, the midpoints between neighbours (ties) and their ±1 ulp neighbours, random bit patterns. */
function hardValues(format: Format): Float32Array {
  const values: number[] = [
    0,
    -0,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.NaN,
    1e-45,
    -1e-45,
    3.4e38,
    -3.4e38,
  ];
  const table =
    format.bits <= 16
      ? format.decode(
          packCodes(
            Uint16Array.from({ length: 2 ** format.bits }, (_, c) => c),
            format.bits,
          ),
          2 ** format.bits,
        )
      : new Float32Array();
  const sorted = [...table].filter(Number.isFinite).sort((a, b) => a - b);
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  for (let i = 0; i < sorted.length; i++) {
    values.push(sorted[i]!);
    if (i + 1 < sorted.length) {
      f[0] = (sorted[i]! + sorted[i + 1]!) / 2;
      values.push(f[0]);
      u[0] += 1;
      values.push(f[0]);
      u[0] -= 2;
      values.push(f[0]);
    }
  }
  const max = sorted[sorted.length - 1]!;
  values.push(max * 1.0001, -max * 1.0001, max * 2, -max * 4);
  const noise = new Float32Array(randomBytes(4 * 4096, format.bits).buffer);
  return Float32Array.from([...values, ...noise]);
}

const minifloats = () =>
  listFormats()
    .filter((f) => 'codec' in f && f.bits <= 16)
    .map((f) => f.name);

describe('wasm encode: bit-exact with the cpu codecs', () => {
  it('covers every minifloat (f16, bf16, FP8, FP6, FP4, E8M0)', async () => {
    await engines();
    expect(minifloats()).toEqual(
      expect.arrayContaining(['f16', 'bf16', 'fp8_e4m3fn', 'fp6_e2m3fn', 'fp4_e2m1fn', 'e8m0']),
    );
  });

  // One test per format and overflow mode, so no single test carries the whole sweep.
  it.each(
    minifloats().flatMap((name) =>
      (['saturate', 'special'] as const).map((o) => [name, o] as const),
    ),
  )(
    '%s, overflow %s: specials, ties and their neighbours, random bit patterns',
    async (name, overflow) => {
      const { wasm, cpu } = await engines();
      const values = hardValues(getFormat(name));
      const got = encode(wasm.tensor(values), name, { overflow });
      const want = encode(cpu.tensor(values), name, { overflow });
      expect(got.location).toBe('wasm');
      expectSameBytes(got.readBytesSync(), want.readBytesSync(), `${name} ${overflow}`);
    },
  );

  it.each(['q8_0', 'q4_0'])(
    '%s: random, tiny, huge, zero and NaN blocks; a partial last block',
    async (name) => {
      const { wasm, cpu } = await engines();
      const values = Float32Array.from([
        ...randomFloats(32 * 50, 3),
        ...randomFloats(32, 4, 1e-6),
        ...randomFloats(32, 5, 1e7),
        ...new Float32Array(32),
        Number.NaN,
        ...randomFloats(31 + 17, 6),
      ]);
      const got = encode(wasm.tensor(values), name);
      const want = encode(cpu.tensor(values), name);
      expectSameBytes(got.readBytesSync(), want.readBytesSync(), name);
    },
  );

  it('other rounding modes and formats go through the format codec (same bytes as cpu)', async () => {
    const { wasm, cpu } = await engines();
    const values = randomFloats(1000, 7, 10);
    for (const [name, options] of [
      ['fp8_e4m3fn', { rounding: 'stochastic', seed: 3 }],
      ['f16', { rounding: 'toward-zero' }],
      ['q4_K', {}],
      ['nvfp4_scaled', {}],
      ['int4', {}],
    ] as const) {
      const got = encode(wasm.tensor(values), name, options);
      const want = encode(cpu.tensor(values), name, options);
      expectSameBytes(got.readBytesSync(), want.readBytesSync(), name);
    }
  });
});
