/**
 * Format explorer computations: a format's facts (the fields `lowbit formats --json` prints),
 * its value grid, and one number rounded under each rounding mode.
 */
import { type Format, getFormat, listFormats, type RoundingMode } from '@lowbit/core';
import { info } from '@lowbit/formats';
import type { FormatFacts, FormatGrid, Rounded } from '../protocol.ts';

export function formatFacts(format: Format): FormatFacts {
  const numbers = info(format);
  return {
    name: format.name,
    family: format.family,
    summary: format.summary,
    bits: numbers.bits,
    bitsPerValue: numbers.bitsPerValue,
    block: numbers.blockSize,
    max: numbers.max,
    minNormal: numbers.minNormal,
    minSubnormal: numbers.minSubnormal,
    epsilon: numbers.epsilon,
    nan: format.special.nan,
    infinity: format.special.infinity,
    negativeZero: format.special.negativeZero,
    roundingModes: [...format.roundingModes],
  };
}

export function allFormatFacts(): FormatFacts[] {
  return listFormats().map(formatFacts);
}

/** Probes of a block's second element (the first holds the block's max, 1). */
const BLOCK_PROBES = 1024;

/** Distinct non-negative finite values of a list, sorted. */
function distinctNonNegative(values: ArrayLike<number>): number[] {
  const set = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v) && v >= 0) set.add(v === 0 ? 0 : v);
  }
  return [...set].sort((a, b) => a - b);
}

/** The values an element of a block takes when the block's largest |x| is 1. */
function relativeGrid(format: Format): number[] {
  const size = format.block!.size;
  const probes = new Float32Array(BLOCK_PROBES * size);
  for (let p = 0; p < BLOCK_PROBES; p++) {
    probes[p * size] = 1;
    probes[p * size + 1] = p / (BLOCK_PROBES - 1);
  }
  const decoded = format.decode(format.encode(probes), probes.length);
  return distinctNonNegative(
    Float32Array.from({ length: BLOCK_PROBES * 2 }, (_, i) => decoded[(i >> 1) * size + (i & 1)]!),
  );
}

export function formatGrid(name: string): FormatGrid {
  const format = getFormat(name);
  const values = format.values?.();
  return {
    facts: formatFacts(format),
    grid: values ? distinctNonNegative(values) : format.block ? relativeGrid(format) : [],
    relative: !values && format.block !== undefined,
  };
}

function codeBits(format: Format, bytes: Uint8Array): string {
  const bits = Array.from(bytes, (b) => b.toString(2).padStart(8, '0'));
  // Scalar formats of under 8 bits pack codes low bits first: the first code is the byte's tail.
  if (!format.block && format.bits < 8) return bits[0]!.slice(8 - format.bits);
  return bits.reverse().join(' ');
}

/** `value` encoded in each format under each of its rounding modes (stochastic: seed 0). */
export function roundValue(formats: readonly string[], value: number): Rounded[] {
  const rows: Rounded[] = [];
  for (const name of formats) {
    const format = getFormat(name);
    const input = Float32Array.of(value);
    for (const mode of format.roundingModes as readonly RoundingMode[]) {
      const bytes = format.encode(input, { rounding: mode, seed: 0 });
      const rounded = format.decode(bytes, 1)[0]!;
      rows.push({
        format: format.name,
        mode,
        value: rounded,
        bits: format.block ? `${bytes.length} bytes (one block)` : codeBits(format, bytes),
        error: rounded - value,
      });
    }
  }
  return rows;
}
