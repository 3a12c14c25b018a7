import { bytesSource } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { openGguf } from './gguf-file.ts';
import { GgufType, type GgufValue } from './value-types.ts';
import { serializeGguf } from './writer.ts';

const f32 = (values: number[]) => new Uint8Array(new Float32Array(values).buffer);

describe('GGUF writer', () => {
  it('writes and reads version 2 files (same layout as v3 for little-endian files)', async () => {
    const bytes = serializeGguf({
      version: 2,
      metadata: new Map(),
      tensors: [{ name: 'x', dims: [2], ggmlType: 0, data: f32([1, 2]) }],
    });
    const file = await openGguf(bytesSource(bytes));
    expect(file.version).toBe(2);
    expect(Array.from(await file.readTensor('x'))).toEqual([1, 2]);
  });

  it('honours general.alignment for every tensor offset', async () => {
    const metadata = new Map<string, GgufValue>([
      ['general.alignment', { type: GgufType.UINT32, value: 64 }],
    ]);
    const bytes = serializeGguf({
      metadata,
      tensors: [
        { name: 'a', dims: [3], ggmlType: 0, data: f32([1, 2, 3]) },
        { name: 'b', dims: [5], ggmlType: 0, data: f32([4, 5, 6, 7, 8]) },
      ],
    });
    const file = await openGguf(bytesSource(bytes));
    expect(file.alignment).toBe(64);
    expect(file.dataOffset % 64).toBe(0);
    expect(file.tensors.map((t) => t.offset)).toEqual([0, 64]);
    expect(Array.from(await file.readTensor('b'))).toEqual([4, 5, 6, 7, 8]);
    const bad = new Map<string, GgufValue>([
      ['general.alignment', { type: GgufType.UINT32, value: 48 }],
    ]);
    await expect(
      openGguf(bytesSource(serializeGguf({ metadata: bad, tensors: [] }))),
    ).rejects.toMatchObject({ code: 'E_FILE_CORRUPT' });
  });

  it('round-trips nested arrays and every scalar type', async () => {
    const metadata = new Map<string, GgufValue>([
      [
        'nested',
        {
          type: GgufType.ARRAY,
          value: {
            itemType: GgufType.ARRAY,
            items: [
              { itemType: GgufType.STRING, items: ['a', 'b'] },
              { itemType: GgufType.STRING, items: [] },
            ],
          },
        },
      ],
      ['u64', { type: GgufType.UINT64, value: (1n << 64n) - 1n }],
      ['i8', { type: GgufType.INT8, value: -128 }],
      ['f64', { type: GgufType.FLOAT64, value: Math.PI }],
      ['bools', { type: GgufType.ARRAY, value: { itemType: GgufType.BOOL, items: [true, false] } }],
    ]);
    const file = await openGguf(bytesSource(serializeGguf({ metadata, tensors: [] })));
    for (const [key, value] of metadata) expect(file.metadata.get(key), key).toEqual(value);
  });

  it('refuses values that do not fit their declared type, and wrong tensor sizes', () => {
    expect(() =>
      serializeGguf({
        metadata: new Map([['k', { type: GgufType.UINT32, value: 'x' }]]),
        tensors: [],
      }),
    ).toThrow(expect.objectContaining({ code: 'E_ARGUMENT' }));
    expect(() =>
      serializeGguf({
        metadata: new Map(),
        tensors: [{ name: 't', dims: [4], ggmlType: 0, data: new Uint8Array(4) }],
      }),
    ).toThrow(/takes 16/);
  });
});
