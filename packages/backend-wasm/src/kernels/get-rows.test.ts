import { GetRows, getFormat, getRows, listFormats } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { engines, expectSameBits, randomBytes } from '../cross-check.ts';

/** Out of order, repeated, first and last rows of an 8-row table. */
const INDICES = [7, 0, 3, 3, 5];

/** Two whole blocks per row, at least 16 values (sub-byte codes end on a byte boundary). */
const rowLength = (name: string) => Math.max(16, 2 * (getFormat(name).block?.size ?? 1));

/**
 * Formats whose rows are whole byte ranges. nvfp4 keeps one f32 header per tensor, so a row's
 * bytes are not byteLength(D) at row·byteLength(D): cpu reads the last rows past the table's end
 * and fails with E_ARGUMENT, and wasm must fail the same way (below).
 */
const rowAddressable = (name: string) =>
  getFormat(name).byteLength(8 * rowLength(name)) ===
  8 * getFormat(name).byteLength(rowLength(name));

describe('wasm get-rows: every format, bit-identical to cpu, without a cpu detour', async () => {
  await engines();
  const names = listFormats().map((f) => f.name);
  it('covers the formats without a SIMD decoder, and leaves out only nvfp4', () => {
    expect(names).toEqual(expect.arrayContaining(['q5_K', 'iq4_nl', 'q2_K', 'f16', 'q4_K']));
    expect(names.filter((name) => !rowAddressable(name))).toEqual(['nvfp4']);
  });
  it.each(names.filter(rowAddressable))('%s', async (name) => {
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

it('nvfp4 (one header per tensor): the last row overruns the table, E_ARGUMENT as on cpu', async () => {
  const { wasm, cpu } = await engines();
  const bytes = randomBytes(getFormat('nvfp4').byteLength(8 * 128), 5);
  for (const engine of [wasm, cpu])
    expect(() => getRows(engine.fromBytes(bytes, [8, 128], 'nvfp4'), [0, 7])).toThrow(
      expect.objectContaining({ code: 'E_ARGUMENT' }),
    );
});

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
