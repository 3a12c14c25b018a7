import { describe, expect, it } from 'vitest';
import { f16 } from './builtin/f16.ts';
import { defineFormat } from './define-format.ts';
import type { Format } from './format.ts';
import type { BlockField, BlockParams, FormatParams } from './format-params.ts';

/** A 2-byte block of four 4-bit codes (q = code − 8), as a format shell for validation only. */
const block = (params: Partial<BlockParams> = {}, overrides: Partial<Format> = {}): Format => ({
  name: 'toy_block',
  family: 'block',
  summary: 'toy',
  bits: 4,
  bitsPerValue: 4,
  block: { size: 4, bytes: 2, scales: [] },
  range: { max: 7, min: -8, minNormal: 1, minSubnormal: 1, epsilon: Number.NaN },
  params: {
    kind: 'block',
    size: 4,
    bytes: 2,
    fields: [{ name: 'q', count: 4, pieces: [{ count: 4, slices: [{ at: 0, width: 4 }] }] }],
    value: { op: 'sub', a: 'q', b: 8 },
    ...params,
  },
  special: { nan: 'none', infinity: false, negativeZero: false },
  roundingModes: ['nearest-even'],
  defaults: { rounding: 'nearest-even', overflow: 'saturate' },
  byteLength: (n) => Math.ceil(n / 4) * 2,
  encode: (v) => new Uint8Array(Math.ceil(v.length / 4) * 2),
  decode: (_b, n) => new Float32Array(n),
  ...overrides,
});

const scalar = (params: FormatParams, bits = 4): Format =>
  block(
    {},
    { bits, bitsPerValue: bits, block: undefined, params, values: () => new Float32Array(16) },
  );

const field = (name: string, at: number, width: number, count = 4): BlockField => ({
  name,
  count,
  pieces: [{ count, slices: [{ at, width }] }],
});

/** The coded error defineFormat throws for `format`, naming the format and the bad field. */
function refusal(format: Format): string {
  try {
    defineFormat(format);
  } catch (error) {
    expect(error).toMatchObject({ code: 'E_FORMAT_INVALID', details: { format: format.name } });
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('defineFormat checks params', () => {
  it('accepts well-formed params', () => {
    expect(defineFormat(block()).params.kind).toBe('block');
    expect(defineFormat(scalar({ kind: 'integer', bits: 4, signed: true })).bits).toBe(4);
  });

  it('requires params on every format', () => {
    expect(refusal(block({}, { params: undefined as never }))).toMatch(/params are missing/);
  });

  it('refuses scalar params out of range or disagreeing with bits', () => {
    expect(refusal(scalar({ kind: 'integer', bits: 40, signed: true }, 40))).toMatch(/\[1, 32\]/);
    expect(refusal(scalar({ kind: 'integer', bits: 3, signed: true }))).toMatch(
      /3-bit codes but bits is 4/,
    );
    expect(refusal(scalar({ kind: 'lut', bits: 4, values: [0, 1, 2] }))).toMatch(
      /3 entries.*needs 16/,
    );
    expect(refusal(scalar({ kind: 'posit', bits: 4, es: 3 }))).toMatch(/es must/);
    expect(
      refusal(
        scalar({ kind: 'minifloat', exponentBits: 3, mantissaBits: 0, bias: 3, policy: 'ieee' }),
      ),
    ).toMatch(/IEEE NaN needs a mantissa bit/);
  });

  it('refuses block params that disagree with the block layout', () => {
    expect(refusal(block({ bytes: 3 }))).toMatch(/4 values in 3 bytes, the block 4 in 2/);
  });

  it('refuses a field reading beyond the block, naming the field', () => {
    expect(refusal(block({ fields: [field('q', 4, 4)] }))).toMatch(
      /field "q": reads bit 16, beyond the 2 bytes/,
    );
  });

  it('refuses overlapping fields', () => {
    const fields = [field('q', 0, 4), field('d', 12, 4, 1)];
    expect(refusal(block({ fields, value: { op: 'mul', a: 'q', b: 'd' } }))).toMatch(
      /field "d" overlaps field "q" at bit 12/,
    );
  });

  it('refuses pieces that do not add up, and unknown names in the value', () => {
    const short: BlockField = {
      name: 'q',
      count: 4,
      pieces: [{ count: 3, slices: [{ at: 0, width: 4 }] }],
    };
    expect(refusal(block({ fields: [short] }))).toMatch(/pieces hold 3 entries/);
    expect(refusal(block({ value: 'scale' }))).toMatch(/no field "scale"/);
    expect(refusal(block({ value: { table: 'grid', row: 'q', width: 1 } }))).toMatch(
      /no table "grid"/,
    );
  });

  it('refuses a sub-format whose own params are bad', () => {
    const d: BlockField = { ...field('q', 0, 4), as: { ...f16.params, mantissaBits: -1 } };
    expect(refusal(block({ fields: [d] }))).toMatch(/field "q".as needs exponentBits/);
  });
});
