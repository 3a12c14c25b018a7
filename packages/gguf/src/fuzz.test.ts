// Hostile-file hardening: mutations of real GGUF files (bit flips, truncation at every section
// boundary, inflated counts and lengths, overlapping and misaligned tensor offsets) must only ever
// produce a LowbitError — no other exception, no hang, no allocation the file merely claims.
// LOWBIT_FUZZ_CASES raises the case count (default 2,000 mutations, plus every boundary).
// Crafted files (issue 11, item 12) come from generators; every bound is on counted work (bytes
// fetched, values decoded), never on time.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bytesSource, createRng, LowbitError, type Rng } from '@lowbit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyStrings,
  hugeU8Arrays,
  zeroSizeTensorName,
  zeroSizeTensors,
} from './__fixtures__/crafted.ts';
import type { ReadStats } from './cursor.ts';
import { openGguf } from './gguf-file.ts';
import { toGgufInput } from './index.ts';
import { type GgufArray, GgufType, type GgufValue } from './value-types.ts';
import { serializeGguf } from './writer.ts';

const fixture = (name: string) =>
  new Uint8Array(
    readFileSync(fileURLToPath(new URL(`../../../fixtures/gguf/${name}`, import.meta.url))),
  );
const CASES = Number(process.env.LOWBIT_FUZZ_CASES ?? 2000);
const newStats = (): ReadStats => ({ bytesFetched: 0, valuesDecoded: 0 });

interface Landmarks {
  fields: { name: string; offset: number }[];
  dataOffset: number;
}

async function landmarks(bytes: Uint8Array): Promise<Landmarks> {
  const fields: Landmarks['fields'] = [];
  let dataOffset = 0;
  await openGguf(bytesSource(bytes), {
    trace: (name, offset) => {
      fields.push({ name, offset });
      if (name === 'data') dataOffset = offset;
    },
  });
  return { fields, dataOffset };
}

/** Parses, then reads and decodes the first tensors; returns the outcome class. */
async function attempt(bytes: Uint8Array): Promise<'ok' | 'coded'> {
  const stats = newStats();
  try {
    const file = await openGguf(bytesSource(bytes), { stats });
    for (let i = 0; i < Math.min(4, file.tensorCount); i++)
      await file.readTensor(file.tensorAt(i).name);
    return 'ok';
  } catch (error) {
    if (!LowbitError.isInstance(error))
      throw new Error(`non-coded error: ${(error as Error).stack}`);
    return 'coded';
  } finally {
    // Work proportional to the file, whatever it claims: each byte fetched at most a few times
    // (window refetches double), and no more values than bytes.
    expect(stats.bytesFetched).toBeLessThanOrEqual(4 * bytes.length + (1 << 17));
    expect(stats.valuesDecoded).toBeLessThanOrEqual(bytes.length);
  }
}

function setU64(bytes: Uint8Array, at: number, value: bigint): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setBigUint64(at, value, true);
  return copy;
}

function mutate(bytes: Uint8Array, marks: Landmarks, rng: Rng): Uint8Array {
  const pick = <T>(items: readonly T[]) => items[rng.nextU32() % items.length]!;
  const kind = rng.nextU32() % 4;
  if (kind === 0) {
    // Bit flips, mostly in the header where the structure lives.
    const copy = bytes.slice();
    const flips = 1 + (rng.nextU32() % 4);
    for (let i = 0; i < flips; i++) {
      const limit = rng.nextFloat() < 0.9 ? marks.dataOffset : copy.length;
      const at = rng.nextU32() % limit;
      copy[at]! ^= 1 << (rng.nextU32() % 8);
    }
    return copy;
  }
  if (kind === 1) {
    // Inflate a count or length: tensor/kv counts, a key's length, or an array count.
    const field = pick(marks.fields.filter((f) => f.name !== 'data' && f.name !== 'tensor-offset'));
    const huge = pick([1n << 62n, (1n << 53n) - 1n, 1n << 40n, 1n << 31n, 0xffffffffn, 1000000n]);
    const at = field.name === 'kv-value' ? field.offset + 4 : field.offset; // array count sits after its item type
    return setU64(bytes, Math.min(at, bytes.length - 8), huge);
  }
  if (kind === 2) {
    // Point a tensor at another's data, past the end, or off alignment.
    const offsets = marks.fields.filter((f) => f.name === 'tensor-offset');
    const field = pick(offsets);
    const other = pick(offsets);
    const otherValue = new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(
      other.offset,
      true,
    );
    const value = pick([
      otherValue,
      otherValue + 1n,
      BigInt(bytes.length),
      1n << 50n,
      otherValue + 32n,
    ]);
    return setU64(bytes, field.offset, value);
  }
  // Truncate anywhere.
  return bytes.slice(0, rng.nextU32() % bytes.length);
}

describe('GGUF reader under hostile input', () => {
  it('truncation at every section boundary (and just before and after it) gives coded errors', async () => {
    const outcomes = { ok: 0, coded: 0 };
    for (const name of ['stories260K-q4_0.gguf', 'ggml-vocab-bert-bge.gguf']) {
      const bytes = fixture(name);
      const marks = await landmarks(bytes);
      const cuts = new Set<number>();
      for (let i = 0; i <= 32; i++) cuts.add(i);
      for (const { offset } of marks.fields) for (const d of [-1, 0, 1, 5]) cuts.add(offset + d);
      for (const cut of cuts)
        if (cut >= 0 && cut < bytes.length) outcomes[await attempt(bytes.slice(0, cut))]++;
    }
    expect(outcomes.coded).toBeGreaterThan(100);
  });

  it(`${CASES} seeded mutations of a real quantized file only ever raise LowbitError`, async () => {
    const bytes = fixture('stories260K-q4_0.gguf');
    const marks = await landmarks(bytes);
    const rng = createRng(20261123);
    const outcomes = { ok: 0, coded: 0 };
    for (let i = 0; i < CASES; i++) outcomes[await attempt(mutate(bytes, marks, rng))]++;
    expect(outcomes.ok + outcomes.coded).toBe(CASES);
    expect(outcomes.coded).toBeGreaterThan(CASES / 4);
  }, 600_000);

  it('rejects specific attacks with the right codes', async () => {
    const bytes = fixture('stories260K-q4_0.gguf');
    const marks = await landmarks(bytes);
    const code = async (b: Uint8Array) => (await openGguf(bytesSource(b)).catch((e) => e)).code;
    expect(await code(setU64(bytes, 8, 1n << 40n))).toBe('E_FILE_TRUNCATED');
    const version = bytes.slice();
    version[4] = 1;
    expect(await code(version)).toBe('E_UNSUPPORTED_VERSION');
    const magic = bytes.slice();
    magic[0] = 0;
    expect(await code(magic)).toBe('E_FILE_CORRUPT');
    const offsets = marks.fields.filter((f) => f.name === 'tensor-offset');
    const second = new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(
      offsets[1]!.offset,
      true,
    );
    expect(await code(setU64(bytes, offsets[0]!.offset, second))).toMatch(
      /E_FILE_CORRUPT|E_TENSOR_OUT_OF_BOUNDS/,
    );
    expect(await code(setU64(bytes, offsets[0]!.offset, BigInt(bytes.length)))).toBe(
      'E_TENSOR_OUT_OF_BOUNDS',
    );
    expect(await code(bytes.slice(0, marks.dataOffset + 10))).toBe('E_TENSOR_OUT_OF_BOUNDS');
  });
});

describe('crafted GGUF files open in work proportional to their header', () => {
  /** Opens `bytes`, returning the file and the work the open did. */
  async function open(bytes: Uint8Array) {
    const stats = newStats();
    const file = await openGguf(bytesSource(bytes), { stats });
    return { file, stats };
  }

  it.each([1, 4])(
    '%i u8 array(s) of 2^24 items (the cap): a handful of values decoded, each byte fetched about once',
    async (arrays) => {
      const bytes = hugeU8Arrays(arrays);
      const { file, stats } = await open(bytes);
      expect(file.metadata.size).toBe(arrays);
      expect(stats.valuesDecoded).toBeLessThanOrEqual(2 * Math.log2(bytes.length) * arrays);
      expect(stats.bytesFetched).toBeGreaterThanOrEqual(bytes.length);
      expect(stats.bytesFetched).toBeLessThanOrEqual(2 * bytes.length);
      // The writer copies the encoded items back without decoding them: byte-identical.
      const written = serializeGguf(await toGgufInput(file));
      expect(Buffer.compare(written, bytes)).toBe(0);
    },
  );

  it('a million zero-size tensors: opening builds no per-tensor object; `tensors` builds them on first access', async () => {
    const count = 1_000_000;
    const bytes = zeroSizeTensors(count);
    const { file, stats } = await open(bytes);
    expect(file.tensorCount).toBe(count);
    // Tensor infos are parsed into typed columns: no name decoded, no info object built.
    expect(stats.valuesDecoded).toBeLessThanOrEqual(8);
    expect(stats.bytesFetched).toBeGreaterThanOrEqual(bytes.length - 32);
    expect(stats.bytesFetched).toBeLessThanOrEqual(2 * bytes.length);
    // One tensor by index or by name builds that one alone (its info object and its name).
    const last = zeroSizeTensorName(count - 1);
    expect(file.tensorAt(count - 1).name).toBe(last);
    expect(file.tensorInfo(last)).toMatchObject({ name: last, dims: [0], shape: [0], offset: 0 });
    expect(stats.valuesDecoded).toBeLessThanOrEqual(8 + 2 * 2);
    // The public array: built once, on first access, with every tensor in file order.
    const tensors = file.tensors;
    expect(tensors.length).toBe(count);
    expect(stats.valuesDecoded).toBeGreaterThanOrEqual(2 * count);
    expect(file.tensors).toBe(tensors);
    for (const i of [0, 1, 12345, count - 1])
      expect(tensors[i]).toEqual({
        name: zeroSizeTensorName(i),
        dims: [0],
        shape: [0],
        ggmlType: 0,
        format: expect.objectContaining({ name: 'f32' }),
        offset: 0,
        byteLength: 0,
      });
  }, 120_000);

  it('zero-size tensors written back are byte-identical', async () => {
    const bytes = zeroSizeTensors(1000);
    const { file } = await open(bytes);
    expect(Buffer.compare(serializeGguf(await toGgufInput(file)), bytes)).toBe(0);
  });

  it('a million empty strings: none decoded until asked for, then all of them', async () => {
    const count = 1_000_000;
    const bytes = emptyStrings(count);
    const { file, stats } = await open(bytes);
    expect(stats.bytesFetched).toBeGreaterThanOrEqual(bytes.length);
    // The key, and the array object, once per read window (the window doubles: logarithmic).
    expect(stats.valuesDecoded).toBeLessThanOrEqual(2 * Math.log2(8 * count));
    const array = file.get('s') as GgufArray;
    expect(array.items.length).toBe(count);
    expect(array.items[count - 1]).toBe('');
  });

  it('an invalid UTF-8 string in an array is E_FILE_CORRUPT when its items are read', async () => {
    const metadata = new Map<string, GgufValue>([
      ['s', { type: GgufType.ARRAY, value: { itemType: GgufType.STRING, items: ['ok', 'xx'] } }],
    ]);
    const bytes = serializeGguf({ metadata, tensors: [] });
    bytes[bytes.length - 1] = 0xff;
    const { file } = await open(bytes);
    expect(() => (file.get('s') as GgufArray).items).toThrow(
      expect.objectContaining({
        code: 'E_FILE_CORRUPT',
        message: expect.stringMatching(/value of "s"\[1\].*UTF-8/),
      }),
    );
  });
});

describe('GGUF writer/reader round trip (property)', () => {
  const scalar = fc.oneof(
    fc.record({ type: fc.constant(GgufType.UINT8), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({
      type: fc.constant(GgufType.INT16),
      value: fc.integer({ min: -32768, max: 32767 }),
    }),
    fc.record({ type: fc.constant(GgufType.UINT32), value: fc.nat() }),
    fc.record({ type: fc.constant(GgufType.INT32), value: fc.integer() }),
    fc.record({ type: fc.constant(GgufType.FLOAT32), value: fc.float({ noNaN: true }) }),
    fc.record({ type: fc.constant(GgufType.FLOAT64), value: fc.double({ noNaN: true }) }),
    fc.record({ type: fc.constant(GgufType.BOOL), value: fc.boolean() }),
    fc.record({ type: fc.constant(GgufType.STRING), value: fc.string() }),
    fc.record({
      type: fc.constant(GgufType.UINT64),
      value: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    }),
    fc.record({
      type: fc.constant(GgufType.INT64),
      value: fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
    }),
  ) as fc.Arbitrary<GgufValue>;
  const array = fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 20 }).map(
    (items) =>
      ({
        type: GgufType.ARRAY,
        value: { itemType: GgufType.INT32, items } as GgufArray,
      }) as GgufValue,
  );
  const tensor = fc.record({
    dims: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 4 }),
    ggmlType: fc.constantFrom(0, 1, 30),
  });

  it('any metadata and tensors survive serialise → parse unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string({ minLength: 1 }), fc.oneof(scalar, array), { maxKeys: 12 }),
        fc.array(tensor, { maxLength: 4 }),
        async (dict, tensors) => {
          const metadata = new Map(Object.entries(dict));
          metadata.delete('general.alignment');
          const inputs = tensors.map((t, i) => {
            const count = t.dims.reduce((a, b) => a * b, 1);
            const bytesPer = t.ggmlType === 0 ? 4 : 2;
            return {
              name: `t${i}`,
              dims: t.dims,
              ggmlType: t.ggmlType,
              data: Uint8Array.from({ length: count * bytesPer }, (_, j) => (j * 37 + i) & 0x3f),
            };
          });
          const bytes = serializeGguf({ metadata, tensors: inputs });
          const file = await openGguf(bytesSource(bytes));
          expect([...file.metadata.keys()]).toEqual([...metadata.keys()]);
          for (const [key, value] of metadata) {
            const got = file.metadata.get(key)!;
            expect(got.type).toBe(value.type);
            if (value.type === GgufType.FLOAT32)
              expect(got.value).toBe(Math.fround(value.value as number));
            else expect(got.value).toEqual(value.value);
          }
          for (const t of inputs) expect(await file.readTensorBytes(t.name)).toEqual(t.data);
        },
      ),
      { numRuns: 200 },
    );
  });
});
