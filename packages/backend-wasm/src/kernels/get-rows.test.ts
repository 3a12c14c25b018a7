import { GetRows, getFormat, getRows, listFormats } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { engines, expectSameBits, randomBytes } from '../cross-check.ts';

/** Out of order, repeated, first and last rows of an 8-row table. */
const INDICES = [7, 0, 3, 3, 5];

/** Two whole blocks per row, at least 16 values (sub-byte codes end on a byte boundary). */
const rowLength = (name: string) => Math.max(16, 2 * (getFormat(name).block?.size ?? 1));

describe('wasm get-rows: every format, bit-identical to cpu, without a cpu detour', async () => {
  await engines();
  const names = listFormats().map((f) => f.name);
  it('covers the formats without a SIMD decoder, and nvfp4_scaled (a tensor-wide header)', () => {
    expect(names).toEqual(
      expect.arrayContaining(['q5_K', 'iq4_nl', 'q2_K', 'f16', 'q4_K', 'nvfp4_scaled']),
    );
  });
  it.each(names)('%s', async (name) => {
    const { wasm, cpu } = await engines();
    expect(wasm.plan(GetRows, [name], 'wasm')).toMatchObject({ backend: 'wasm', viaCpu: false });
    const width = rowLength(name);
    const bytes = randomBytes(getFormat(name).byteLength(8 * width), width + name.length);
    const got = getRows(wasm.fromBytes(bytes, [8, width], name), INDICES);
    const want = getRows(cpu.fromBytes(bytes, [8, width], name), INDICES);
    expect(got.location).toBe('wasm');
    expect(got.shape).toEqual([INDICES.length, width]);
    expectSameBits(got.readSync(), want.readSync(), name);
  });
});

it.each(['nvfp4_scaled', 'q4_K'])(
  '%s rows equal the same rows of the whole table decoded (a header is put before each row)',
  async (name) => {
    const { wasm, cpu } = await engines();
    const width = 256;
    const values = Float32Array.from({ length: 8 * width }, (_, i) => Math.sin(i) * (1 + (i % 7)));
    for (const engine of [wasm, cpu]) {
      const table = engine.tensor(values, [8, width], { format: name });
      const whole = table.readSync();
      const got = getRows(table, INDICES).readSync();
      for (const [t, row] of INDICES.entries())
        expectSameBits(
          got.subarray(t * width, (t + 1) * width),
          whole.subarray(row * width, (row + 1) * width),
          `${name} ${engine === wasm ? 'wasm' : 'cpu'} row ${row}`,
        );
    }
  },
);

it.each(['q4_K', 'f32'])(
  'get-rows of %s decodes T rows in the module, not the table (no host traffic)',
  async (format) => {
    const { wasm } = await engines();
    expect(wasm.plan(GetRows, [format], 'wasm').kernel.formats).toEqual([format]);
    const table = wasm.fromBytes(
      randomBytes(getFormat(format).byteLength(64 * 512), 9),
      [64, 512],
      format,
    );
    const backend = table.backend as unknown as { traffic(): { toWasm: number; toHost: number } };
    const before = backend.traffic();
    const rows = getRows(table, [1, 63]);
    expect(backend.traffic()).toEqual(before);
    expect(rows.byteLength).toBe(2 * 512 * 4);
  },
);
