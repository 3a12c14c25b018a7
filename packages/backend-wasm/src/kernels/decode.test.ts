import { decode, getFormat, getRows, listFormats, packCodes, registerFormat } from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import { describe, expect, it } from 'vitest';
import { engines, expectSameBits, randomBytes } from '../cross-check.ts';
import { DecoderKind } from '../traits/decoders.ts';
import { wasmFormatTraits } from '../traits/format-traits.ts';

registerAllFormats();
const { traits } = wasmFormatTraits(listFormats());
const TABLE_FORMATS = traits
  .filter((t) => t.decoder.kind === DecoderKind.Table)
  .map((t) => t.format);

async function both(format: string, bytes: Uint8Array, count: number) {
  const { wasm, cpu } = await engines();
  expect(wasm.plan('decode', [format], 'wasm')).toMatchObject({ backend: 'wasm', viaCpu: false });
  const got = decode(wasm.fromBytes(bytes, [count], format));
  expect(got.location).toBe('wasm');
  const want = decode(cpu.fromBytes(bytes, [count], format));
  return { got: got.readSync(), want: want.readSync() };
}

describe('wasm decode: bit-exact with the cpu codecs', () => {
  it.each(TABLE_FORMATS)('%s: every code, in every position of the packed stream', async (name) => {
    await engines();
    const { bits } = getFormat(name);
    // Every code at every bit offset: the sequence of all codes, repeated with each shift of one.
    const size = 2 ** bits;
    const codes = Uint16Array.from(
      { length: size * 9 + 3 },
      (_, i) => (i + Math.floor(i / size)) % size,
    );
    const { got, want } = await both(name, packCodes(codes, bits), codes.length);
    expectSameBits(got, want, name);
  });

  it('gives every registered non-IEEE scalar format of at most 16 bits the table decoder', () => {
    const scalar = listFormats().filter(
      (f) => f.bits <= 16 && !f.block && f.family !== 'ieee-float',
    );
    expect(scalar.length).toBeGreaterThan(25);
    expect(scalar.map((f) => f.name).filter((name) => !TABLE_FORMATS.includes(name))).toEqual([]);
  });

  // 65,541: every code, then a tail shorter than one 8-lane SIMD step.
  it.each(['f16', 'bf16'])('%s: all 65,536 codes, and a partial SIMD step', async (name) => {
    const codes = Uint16Array.from({ length: 65541 }, (_, c) => (c * 7) & 0xffff);
    const { got, want } = await both(name, new Uint8Array(codes.buffer), codes.length);
    expectSameBits(got, want, name);
  });

  const blockFormats = traits.filter((t) => t.decoder.unit > 1).map((t) => t.format);
  it.each(blockFormats)(
    '%s: random blocks (every scale code, NaN/Inf included), partial last block',
    async (name) => {
      await engines();
      const format = getFormat(name);
      for (const count of [256 * 40, 256 * 3 + 5, 1]) {
        const bytes = randomBytes(format.byteLength(count), count);
        const { got, want } = await both(name, bytes, count);
        expectSameBits(got, want, `${name}/${count}`);
      }
    },
  );
});

it('q5_K decodes with its SIMD-module decoder, not its JS codec', async () => {
  const { wasm } = await engines();
  expect(wasm.plan('decode', ['q5_K'], 'wasm').kernel.formats).toEqual(['q5_K']);
});

describe('every registered format decodes on wasm (no cpu detour)', async () => {
  await engines();
  const names = listFormats().map((f) => f.name);

  it('covers the formats without a SIMD decoder too', () => {
    expect(names).toEqual(expect.arrayContaining(['q5_K', 'iq4_nl', 'q6_K', 'f32']));
    expect(names.length).toBeGreaterThan(40);
  });

  it.each(names)(
    '%s: decode and linear plan stay on wasm; decode bit-identical to cpu',
    async (name) => {
      const { wasm } = await engines();
      expect(wasm.plan('decode', [name], 'wasm')).toMatchObject({ backend: 'wasm', viaCpu: false });
      const linearPlan = wasm.plan('linear', ['f32', name], 'wasm');
      expect(linearPlan).toMatchObject({ backend: 'wasm', viaCpu: false });
      expect(linearPlan.decode.every((d) => d.kernel.backend === 'wasm')).toBe(true);
      const format = getFormat(name);
      for (const count of [777, 1]) {
        const bytes = randomBytes(format.byteLength(count), count + name.length);
        const { got, want } = await both(name, bytes, count);
        expectSameBits(got, want, `${name}/${count}`);
      }
    },
  );

  it('a table format re-registered with { override: true } decodes with its new table', async () => {
    const { wasm } = await engines();
    const original = getFormat('nf4');
    const codes = packCodes(
      Uint16Array.from({ length: 32 }, (_, i) => i % 16),
      4,
    );
    const before = decode(wasm.fromBytes(codes, [32], 'nf4')).readSync();
    registerFormat(
      { ...original, decode: (bytes, count) => original.decode(bytes, count).map((v) => v + 1) },
      { override: true },
    );
    try {
      const want = Array.from(before, (v) => Math.fround(v + 1));
      expect(Array.from(decode(wasm.fromBytes(codes, [32], 'nf4')).readSync())).toEqual(want);
      const rows = getRows(wasm.fromBytes(codes, [2, 16], 'nf4'), [1]).readSync();
      expect(Array.from(rows)).toEqual(want.slice(16));
    } finally {
      registerFormat(original, { override: true });
    }
  });
});
