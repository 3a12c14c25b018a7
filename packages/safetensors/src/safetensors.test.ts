import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesSource, createRng, LowbitError } from '@lowbit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withHeader } from './__fixtures__/with-header.ts';
import { openSafetensors, serializeSafetensors } from './index.ts';

const dir = fileURLToPath(new URL('../../../fixtures/safetensors/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.safetensors'));
const bytesOf = (f: string) => new Uint8Array(readFileSync(join(dir, f)));

describe.each(files)('%s', (name) => {
  it('parses, and survives a write → read round trip with identical tensors and metadata', async () => {
    const file = await openSafetensors(bytesSource(bytesOf(name)), name);
    expect(file.metadata).toEqual({ test: 'a' });
    const inputs = await Promise.all(
      file.tensors.map(async (t) => ({
        name: t.name,
        dtype: t.dtype.name,
        shape: t.shape,
        data: await file.readTensorBytes(t.name),
      })),
    );
    const again = await openSafetensors(bytesSource(serializeSafetensors(inputs, file.metadata)));
    expect(again.metadata).toEqual(file.metadata);
    for (const t of file.tensors) {
      expect(again.tensorInfo(t.name)).toMatchObject({ shape: t.shape, dtype: t.dtype });
      expect(await again.readTensor(t.name)).toEqual(await file.readTensor(t.name));
    }
  });
});

describe('safetensors content', () => {
  it('decodes every dtype of overall.safetensors to the same six values', async () => {
    const file = await openSafetensors(bytesSource(bytesOf('overall.safetensors')));
    expect(file.tensors.map((t) => t.name)).toEqual(['B', 'H', 'I', 'b', 'd', 'e', 'f', 'h', 'i']);
    const reference = Array.from(await file.readTensor('f'));
    for (const t of file.tensors) {
      const values = Array.from(await file.readTensor(t.name));
      expect(values.length, t.name).toBe(6);
      if (['d', 'e', 'f'].includes(t.name)) expect(values, t.name).toEqual(reference);
    }
  });

  it('pads the written header to 8 bytes with spaces', () => {
    const bytes = serializeSafetensors(
      [{ name: 'x', dtype: 'F32', shape: [2], data: new Uint8Array(8) }],
      { a: 'b' },
    );
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    expect(new TextDecoder().decode(bytes.subarray(8, 8 + n)).trimEnd()).toBe(
      '{"__metadata__":{"a":"b"},"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}',
    );
  });
});

/** A file from a raw header object and a data size. */
const file = (header: unknown, dataBytes: number) => withHeader(JSON.stringify(header), dataBytes);

describe('header validation as strict as the reference', () => {
  const cases: [string, Uint8Array, string][] = [
    ['too short', new Uint8Array(4), 'E_FILE_TRUNCATED'],
    [
      'header length over the cap',
      (() => {
        const b = new Uint8Array(16);
        new DataView(b.buffer).setBigUint64(0, 1n << 40n, true);
        return b;
      })(),
      'E_FILE_CORRUPT',
    ],
    [
      'header past the end',
      (() => {
        const b = new Uint8Array(16);
        new DataView(b.buffer).setBigUint64(0, 100n, true);
        return b;
      })(),
      'E_FILE_TRUNCATED',
    ],
    [
      'not JSON',
      (() => {
        const b = file({}, 0);
        b[8] = 0x7b;
        b[9] = 0x7b;
        return b;
      })(),
      'E_FILE_CORRUPT',
    ],
    [
      'unknown dtype',
      file({ x: { dtype: 'F12', shape: [1], data_offsets: [0, 4] } }, 4),
      'E_FILE_CORRUPT',
    ],
    [
      'wrong byte length',
      file({ x: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, 4),
      'E_FILE_CORRUPT',
    ],
    ['gap', file({ x: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, 8), 'E_FILE_CORRUPT'],
    [
      'overlap',
      file(
        {
          x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
          y: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
        },
        8,
      ),
      'E_FILE_CORRUPT',
    ],
    [
      'data past the end',
      file({ x: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, 8),
      'E_TENSOR_OUT_OF_BOUNDS',
    ],
    [
      'trailing bytes',
      file({ x: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, 8),
      'E_FILE_CORRUPT',
    ],
    [
      'negative shape',
      file({ x: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4),
      'E_FILE_CORRUPT',
    ],
    ['metadata not strings', file({ __metadata__: { a: 1 } }, 0), 'E_FILE_CORRUPT'],
    [
      'reversed offsets',
      file({ x: { dtype: 'U8', shape: [0], data_offsets: [4, 0] } }, 4),
      'E_FILE_CORRUPT',
    ],
  ];
  it.each(cases)('%s', async (_label, bytes, code) => {
    await expect(openSafetensors(bytesSource(bytes))).rejects.toMatchObject({ code });
  });

  it('only ever raises LowbitError on 2,000 mutations of a real file', async () => {
    const original = bytesOf('overall.safetensors');
    const rng = createRng(7);
    let coded = 0;
    for (let i = 0; i < 2000; i++) {
      const bytes =
        rng.nextFloat() < 0.2
          ? original.slice(0, rng.nextU32() % original.length)
          : original.slice();
      for (let k = 0; k < 1 + (rng.nextU32() % 3); k++)
        bytes[rng.nextU32() % bytes.length]! ^= 1 << (rng.nextU32() % 8);
      try {
        const f = await openSafetensors(bytesSource(bytes));
        for (const t of f.tensors) await f.readTensor(t.name);
      } catch (error) {
        expect(LowbitError.isInstance(error), String(error)).toBe(true);
        coded++;
      }
    }
    expect(coded).toBeGreaterThan(500);
  });

  it('treats names like toString and __proto__ as ordinary tensor names', async () => {
    const names = ['toString', '__proto__', 'constructor', 'hasOwnProperty'];
    const inputs = names.map((name, i) => ({
      name,
      dtype: 'U8',
      shape: [i + 1],
      data: new Uint8Array(i + 1).fill(i),
    }));
    const f = await openSafetensors(bytesSource(serializeSafetensors(inputs)));
    expect(f.tensors.map((t) => t.name)).toEqual(names);
    for (const t of inputs) expect(await f.readTensorBytes(t.name)).toEqual(t.data);
  });

  it('round-trips any set of tensors (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(
          fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s !== '__metadata__'),
          { maxLength: 5 },
        ),
        async (names) => {
          const inputs = names.map((name, i) => ({
            name,
            dtype: 'F32',
            shape: [i + 1],
            data: new Uint8Array(new Float32Array(i + 1).fill(i).buffer),
          }));
          const f = await openSafetensors(bytesSource(serializeSafetensors(inputs)));
          expect(f.tensors.map((t) => t.name).sort()).toEqual([...names].sort());
          for (const t of inputs) expect(await f.readTensorBytes(t.name)).toEqual(t.data);
        },
      ),
      { numRuns: 100 },
    );
  });
});
