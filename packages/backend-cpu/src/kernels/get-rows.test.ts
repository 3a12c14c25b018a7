import {
  createRng,
  defineFormat,
  engine,
  type Format,
  getFormat,
  getRows,
  registerFormat,
  tensor,
} from '@lowbit/core';
import { registerAllFormats } from '@lowbit/formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuBackend } from '../plugin.ts';

beforeAll(() => {
  registerAllFormats();
  if (!engine.backends.has('cpu')) engine.use(cpuBackend());
});

/** `name`'s codec under another name, counting the values it decodes. */
function counted(name: string): { format: Format; decoded: () => number } {
  const inner = getFormat(name);
  let decoded = 0;
  const format = defineFormat({
    ...inner,
    name: `counted_${name}`,
    decode(bytes: Uint8Array, count: number) {
      decoded += count;
      return inner.decode(bytes, count);
    },
  });
  registerFormat(format, { override: true });
  return { format, decoded: () => decoded };
}

const random = (n: number, seed: number) => {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.nextFloat() * 2 - 1);
};

describe('cpu get-rows', () => {
  it.each(['f32', 'f16', 'q8_0', 'q4_K'])(
    'gathers %s rows equal to the decoded table’s, decoding only those rows',
    (name) => {
      const [rows, width] = [5, 256];
      const { format, decoded } = counted(name);
      const table = tensor(random(rows * width, 3), [rows, width], { format });
      const whole = table.readSync();
      const before = decoded();
      const indices = [4, 0, 4, 2];
      const out = getRows(table, indices);
      expect(decoded() - before).toBe(indices.length * width);
      expect(out.format.name).toBe('f32');
      expect(out.shape).toEqual([4, width]);
      const got = out.readSync();
      indices.forEach((row, t) => {
        expect(got.subarray(t * width, (t + 1) * width)).toEqual(
          whole.subarray(row * width, (row + 1) * width),
        );
      });
    },
  );

  it('takes an Int32Array and returns [0, D] for no indices', () => {
    const table = tensor([1, 2, 3, 4], [2, 2]);
    expect(Array.from(getRows(table, Int32Array.of(1)).readSync())).toEqual([3, 4]);
    expect(getRows(table, []).shape).toEqual([0, 2]);
  });

  it('names an out-of-range index (E_ARGUMENT) and refuses rows that split blocks (E_SHAPE)', () => {
    const table = tensor(random(6, 1), [3, 2]);
    expect(() => getRows(table, [0, 3])).toThrow(
      expect.objectContaining({
        code: 'E_ARGUMENT',
        message: expect.stringMatching(/indices\[1\] = 3/),
      }),
    );
    expect(() => getRows(table, [-1])).toThrow(expect.objectContaining({ code: 'E_ARGUMENT' }));
    expect(() => getRows(table, [0.5])).toThrow(expect.objectContaining({ code: 'E_ARGUMENT' }));
    const packed = tensor(random(96, 2), [2, 48], { format: 'q8_0' });
    expect(() => getRows(packed, [0])).toThrow(
      expect.objectContaining({ code: 'E_SHAPE', message: expect.stringMatching(/blocks of 32/) }),
    );
    expect(() => getRows(tensor([1, 2]), [0])).toThrow(
      expect.objectContaining({ code: 'E_SHAPE' }),
    );
  });

  it('checks the table is live before the indices, and codes a missing index list', () => {
    const table = tensor([1, 2, 3, 4], [2, 2]);
    expect(() => getRows(table, undefined as unknown as number[])).toThrow(
      expect.objectContaining({ code: 'E_ARGUMENT' }),
    );
    table.dispose();
    expect(() => getRows(table, [7])).toThrow(
      expect.objectContaining({ code: 'E_TENSOR_DISPOSED' }),
    );
  });

  it('says sub-byte rows must end on a byte boundary', () => {
    const table = tensor(new Float32Array(10), [2, 5], { format: 'int4' });
    expect(() => getRows(table, [0])).toThrow(
      expect.objectContaining({
        code: 'E_SHAPE',
        message: expect.stringMatching(/byte boundary.*multiple of 2/),
      }),
    );
  });
});
