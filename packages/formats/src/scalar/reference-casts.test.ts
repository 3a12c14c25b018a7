// Encode against ml_dtypes 0.6 and onnx 1.23's reference Cast, bit for bit, on the vectors of
// fixtures/reference (specials, every tie of every format, overflow, random floats).
import { readFileSync } from 'node:fs';
import { type Format, type MinifloatCodec, type OverflowMode, unpackCodes } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import { minifloatFormats } from './minifloats.ts';

interface Vectors {
  tool: string;
  overflow: OverflowMode;
  inputs: number[];
  formats: Record<string, { inputs?: number[]; codes: number[] }>;
}

const load = (file: string): Vectors =>
  JSON.parse(
    readFileSync(new URL(`../../../../fixtures/reference/${file}`, import.meta.url), 'utf8'),
  );

function encodeCodes(format: Format, bits: number[], overflow: OverflowMode): number[] {
  const values = new Float32Array(new Uint32Array(bits).buffer);
  const bytes = format.encode(values, { overflow });
  return Array.from(unpackCodes(bytes, format.bits, values.length));
}

// IEEE formats keep the top NaN payload bits where the references give the canonical NaN.
const isNaNCode = (format: Format & { codec: MinifloatCodec }, code: number | undefined) =>
  format.codec.spec.policy === 'ieee' && Number.isNaN(format.codec.value(code ?? 0));

// Deliberate, documented differences (formats README, "Reference behaviour"): e8m0 has no zero
// and encodes ±0 as its smallest value 2^−127 (ml_dtypes: NaN); `saturate` sends ±Inf to ±max
// in every format (ONNX applies saturate to float8 only, so bf16 keeps Inf and e8m0 gives NaN).
const DIFFERENCES: Record<string, Record<string, string[]>> = {
  'ml-dtypes-casts.json': { e8m0: ['0x0', '0x80000000'] },
  'onnx-reference-casts.json': {
    bf16: ['0x7f800000', '0xff800000'],
    e8m0: ['0x7f800000'],
  },
};

const hex = (n: number) => `0x${n.toString(16)}`;

describe.each(['ml-dtypes-casts.json', 'onnx-reference-casts.json'])('%s', (file) => {
  const vectors = load(file);
  const formats = minifloatFormats.filter((f) => f.name in vectors.formats);

  it('covers the formats the reference has', () => {
    expect(formats.map((f) => f.name).sort()).toEqual(Object.keys(vectors.formats).sort());
  });

  it.each(formats.map((f) => [f.name, f] as const))('%s encodes as the reference', (_, format) => {
    const { inputs = vectors.inputs, codes } = vectors.formats[format.name]!;
    const ours = encodeCodes(format, inputs, vectors.overflow);
    const mismatches = inputs
      .map((bits, i) => [hex(bits), codes[i], ours[i]] as const)
      .filter(([bits]) => !DIFFERENCES[file]?.[format.name]?.includes(bits))
      .filter(
        ([, want, got]) => want !== got && !(isNaNCode(format, want) && isNaNCode(format, got)),
      );
    expect(mismatches.slice(0, 8)).toEqual([]);
    expect(inputs.length).toBeGreaterThan(1000);
  });
});
