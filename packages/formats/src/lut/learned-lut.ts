/**
 * Learned 4-bit lookup tables (any4-style; Elhoushi & Johnson, "any4", 2025): every group of
 * `groupSize` values (a row, when the group is the row length) gets its own 16-entry table,
 * fitted to that group by Lloyd's algorithm (1-D k-means), stored as f16, followed by the 4-bit
 * indices (low nibble first). Layout per group: 16 × f16 table, then groupSize/2 index bytes.
 *
 * Fitting starts from NF4's table scaled to the group's absmax, runs Lloyd iterations until no
 * centroid moves (or `iterations`), rounds the table to f16, and assigns each value its nearest
 * entry (ties to the lower).
 */
import {
  defineFormat,
  type EncodeOptions,
  ErrorCode,
  type Format,
  f16,
  LowbitError,
  resolveEncodeOptions,
} from '@lowbit/core';
import { run } from '../block/block-params.ts';
import {
  blockCount,
  blockValues,
  checkBlockDecode,
  saturateNonFinite,
} from '../block/block-support.ts';
import { F16_MAX, readHalf, writeHalf } from '../ggml/ggml-block.ts';
import { NF4_VALUES } from './tables.ts';

const ENTRIES = 16;
const TABLE_BYTES = 2 * ENTRIES;

/** Nearest entry of a sorted table (ties to the lower index). */
function nearest(table: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = ENTRIES - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (table[mid]! <= x) lo = mid;
    else hi = mid;
  }
  return x - table[lo]! <= table[hi]! - x ? lo : hi;
}

/** Lloyd iterations from `centroids` (sorted, updated in place) over sorted `values`. */
function lloyd(sorted: Float64Array, centroids: Float64Array, iterations: number): number {
  const sums = new Float64Array(ENTRIES);
  const counts = new Uint32Array(ENTRIES);
  for (let step = 0; step < iterations; step++) {
    sums.fill(0);
    counts.fill(0);
    for (const v of sorted) {
      const k = nearest(centroids, v);
      sums[k]! += v;
      counts[k]!++;
    }
    let moved = false;
    for (let k = 0; k < ENTRIES; k++) {
      if (counts[k] === 0) continue;
      const next = sums[k]! / counts[k]!;
      if (next !== centroids[k]) moved = true;
      centroids[k] = next;
    }
    centroids.sort();
    if (!moved) break;
  }
  let error = 0;
  for (const v of sorted) error += (v - centroids[nearest(centroids, v)]!) ** 2;
  return error;
}

/**
 * Lloyd's algorithm on one group from two starts — NF4 scaled to the group's absmax, and the
 * 16 equal-count quantile means — keeping the lower squared error. Lloyd never increases the
 * error, so the result is never worse than NF4 with absmax scaling, and a group of at most 16
 * distinct values is fitted exactly. Returns sorted centroids (float64).
 */
export function fitTable(values: Float32Array, iterations: number): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let amax = 0;
  for (const v of sorted) amax = Math.max(amax, Math.abs(v));
  const fromNf4 = Float64Array.from(NF4_VALUES, (v) => v * amax);
  const fromQuantiles = Float64Array.from({ length: ENTRIES }, (_, k) => {
    const from = Math.floor((k * n) / ENTRIES);
    const to = Math.max(from + 1, Math.floor(((k + 1) * n) / ENTRIES));
    let sum = 0;
    for (let i = from; i < Math.min(to, n); i++) sum += sorted[i]!;
    return n ? sum / (Math.min(to, n) - from) : 0;
  });
  return lloyd(sorted, fromNf4, iterations) <= lloyd(sorted, fromQuantiles, iterations)
    ? fromNf4
    : fromQuantiles;
}

export interface LearnedLutFormat extends Format {
  readonly groupSize: number;
}

export function defineLearnedLut({
  groupSize,
  iterations = 25,
  name = `any4_g${groupSize}`,
}: {
  groupSize: number;
  iterations?: number;
  name?: string;
}): LearnedLutFormat {
  if (!(Number.isInteger(groupSize) && groupSize >= 2 && groupSize % 2 === 0)) {
    throw new LowbitError(
      ErrorCode.Argument,
      `A learned-LUT group must be an even number of values ≥ 2, got ${groupSize}.`,
    );
  }
  const groupBytes = TABLE_BYTES + groupSize / 2;
  const format: LearnedLutFormat = {
    name,
    family: 'lookup-table',
    summary: `any4-style learned LUT: a k-means-fitted 16-entry f16 table per ${groupSize} values, 4-bit indices`,
    bits: 4,
    bitsPerValue: (groupBytes * 8) / groupSize,
    groupSize,
    block: {
      size: groupSize,
      bytes: groupBytes,
      scales: [{ format: 'f16', blockSize: groupSize, scope: 'block' }],
    },
    range: {
      max: 65504,
      min: -65504,
      minNormal: 2 ** -14,
      minSubnormal: 2 ** -24,
      epsilon: Number.NaN,
    },
    params: {
      kind: 'block',
      size: groupSize,
      bytes: groupBytes,
      fields: [
        run('table', ENTRIES, 0, 16, { as: f16.params }),
        run('q', groupSize, 8 * TABLE_BYTES, 4),
      ],
      value: { field: 'table', entry: 'q' },
    },
    special: { nan: 'none', infinity: false, negativeZero: false },
    // The table is fitted to the group by least squares (nearest assignment): nearest only.
    roundingModes: ['nearest-even'],
    defaults: { rounding: 'nearest-even', overflow: 'saturate' },
    byteLength: (count: number) => blockCount(count, groupSize) * groupBytes,
    encode(input: Float32Array, options?: EncodeOptions): Uint8Array {
      resolveEncodeOptions(format, options);
      const groups = blockCount(input.length, groupSize);
      const out = new Uint8Array(groups * groupBytes);
      const group = new Float32Array(groupSize);
      const table = new Float64Array(ENTRIES);
      for (let g = 0; g < groups; g++) {
        blockValues(input, g, groupSize, group);
        const fitted = fitTable(saturateNonFinite(group, F16_MAX), iterations);
        const at = g * groupBytes;
        for (let k = 0; k < ENTRIES; k++) table[k] = writeHalf(out, at + 2 * k, fitted[k]!);
        for (let i = 0; i < groupSize; i += 2) {
          out[at + TABLE_BYTES + i / 2] =
            nearest(table, group[i]!) | (nearest(table, group[i + 1]!) << 4);
        }
      }
      return out;
    },
    decode(bytes: Uint8Array, count: number): Float32Array {
      checkBlockDecode(format, bytes, count);
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) {
        const at = Math.floor(i / groupSize) * groupBytes;
        const j = i % groupSize;
        const code = (bytes[at + TABLE_BYTES + (j >> 1)]! >> ((j & 1) * 4)) & 0xf;
        out[i] = readHalf(bytes, at + 2 * code);
      }
      return out;
    },
  };
  return defineFormat(format);
}

export const any4G128 = defineLearnedLut({ groupSize: 128 });
