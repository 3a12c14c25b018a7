import { bytesSource } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { openGguf } from './gguf-file.ts';
import { serializeGguf } from './writer.ts';

const f32 = (name: string, values: number[]) => ({
  name,
  dims: [values.length],
  ggmlType: 0,
  data: new Uint8Array(new Float32Array(values).buffer),
});

/** A file of f32 tensors, and the absolute offsets of their data-offset fields. */
async function craft(tensors: ReturnType<typeof f32>[]) {
  const bytes = serializeGguf({ metadata: new Map(), tensors });
  const offsetFields: number[] = [];
  await openGguf(bytesSource(bytes), {
    trace: (field, at) => field === 'tensor-offset' && offsetFields.push(at),
  });
  return { bytes, offsetFields };
}

const failure = async (bytes: Uint8Array) => openGguf(bytesSource(bytes)).catch((e) => e);

describe('tensor infos, column-stored', () => {
  it('by index, by name, and as the public array agree', async () => {
    const { bytes } = await craft([f32('a', [1, 2]), f32('é', [3]), f32('c', [4, 5, 6])]);
    const file = await openGguf(bytesSource(bytes));
    expect(file.tensorCount).toBe(3);
    expect(file.tensorAt(1)).toEqual(file.tensorInfo('é'));
    expect(file.tensors.map((t) => t.name)).toEqual(['a', 'é', 'c']);
    expect(file.tensorAt(2)).toBe(file.tensors[2]);
    expect(Array.from(await file.readTensor('c'))).toEqual([4, 5, 6]);
    expect(() => file.tensorAt(3)).toThrow(expect.objectContaining({ code: 'E_ARGUMENT' }));
    expect(() => file.tensorInfo('b')).toThrow(
      expect.objectContaining({ code: 'E_ARGUMENT', message: expect.stringMatching(/"a"/) }),
    );
  });

  it('a name defined twice is E_FILE_CORRUPT', async () => {
    const tensors = [f32('w', [1]), f32('x', [2]), f32('w', [3])];
    const bytes = serializeGguf({ metadata: new Map(), tensors });
    expect(await failure(bytes)).toMatchObject({
      code: 'E_FILE_CORRUPT',
      message: expect.stringMatching(/tensor "w".*defined twice/),
    });
  });

  it('a name that is not UTF-8 is E_FILE_CORRUPT at open, naming the tensor', async () => {
    const { bytes } = await craft([f32('ok', [1]), f32('xé', [2])]);
    const at = bytes.indexOf(0xc3);
    bytes[at + 1] = 0x28; // é's continuation byte → "(": a truncated sequence
    expect(await failure(bytes)).toMatchObject({
      code: 'E_FILE_CORRUPT',
      message: expect.stringMatching(/tensor #1 name .*UTF-8/),
    });
  });

  it('offsets out of file order are checked in data order', async () => {
    const tensors = [f32('a', [1]), f32('b', [2]), f32('c', [3])];
    const { bytes, offsetFields } = await craft(tensors);
    const view = new DataView(bytes.buffer);
    const swapped = bytes.slice();
    const swap = new DataView(swapped.buffer);
    swap.setBigUint64(offsetFields[0]!, view.getBigUint64(offsetFields[2]!, true), true);
    swap.setBigUint64(offsetFields[2]!, view.getBigUint64(offsetFields[0]!, true), true);
    const file = await openGguf(bytesSource(swapped));
    expect(Array.from(await file.readTensor('a'))).toEqual([3]);
    expect(Array.from(await file.readTensor('c'))).toEqual([1]);
    // c and b both at b's offset: the overlap is found though c comes last in the file.
    const overlapping = bytes.slice();
    new DataView(overlapping.buffer).setBigUint64(
      offsetFields[2]!,
      view.getBigUint64(offsetFields[1]!, true),
      true,
    );
    expect(await failure(overlapping)).toMatchObject({
      code: 'E_FILE_CORRUPT',
      message: expect.stringMatching(/"b" and "c" overlap/),
    });
  });
});
