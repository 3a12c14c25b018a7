/**
 * Formats whose codes index a fixed table of values (NF4, IQ4_NL's codebook, ternary).
 * Encoding picks the table neighbours of x and rounds between them with core's `roundsUp`:
 * nearest (default; exact ties go to the neighbour with the even code, as IEEE's ties-to-even),
 * toward/away from zero, half-away, or stochastic in proportion to the distance. Values outside the table's range clamp
 * to its ends; NaN encodes to the code of 0 (or of the smallest magnitude). Codes beyond the table decode to NaN.
 */
import {
  defineFormat,
  type Format,
  type Rng,
  type RoundingMode,
  roundingModes,
  roundsUp,
} from '@lowbit/core';
import { tableCodec } from '../scalar/table-codec.ts';

export interface LookupTableSpec {
  name: string;
  summary: string;
  bits: number;
  /** Value of each code; at most 2^bits entries, all finite and distinct. */
  table: readonly number[];
  family?: Format['family'];
}

export interface LookupTableFormat extends Format {
  /** Code nearest to `x` under `rounding`. */
  encodeOne(x: number, rounding?: RoundingMode, rng?: Rng): number;
}

export function defineLookupTable(spec: LookupTableSpec): LookupTableFormat {
  const { bits, name } = spec;
  const values = Float32Array.from({ length: 2 ** bits }, (_, c) => spec.table[c] ?? Number.NaN);
  const order = spec.table.map((_, c) => c).sort((a, b) => spec.table[a]! - spec.table[b]!);
  const sorted = Float64Array.from(order, (c) => spec.table[c]!);
  const zeroCode = order.reduce(
    (best, c) => (Math.abs(spec.table[c]!) < Math.abs(spec.table[best]!) ? c : best),
    order[0]!,
  );
  const positive = sorted.filter((v) => v > 0);
  const max = sorted[sorted.length - 1]!;
  const min = sorted[0]!;

  function encodeOne(x: number, rounding: RoundingMode = 'nearest-even', rng?: Rng): number {
    if (Number.isNaN(x)) return zeroCode;
    if (x <= min) return order[0]!;
    if (x >= max) return order[order.length - 1]!;
    let lo = 0;
    let hi = sorted.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! <= x) lo = mid;
      else hi = mid;
    }
    const below = sorted[lo]!;
    const above = sorted[hi]!;
    if (below === x) return order[lo]!;
    return order[roundsUp(x, below, above, rounding, rng, order[hi]! % 2 === 0) ? hi : lo]!;
  }

  const format: LookupTableFormat = {
    name,
    family: spec.family ?? 'lookup-table',
    summary: spec.summary,
    bits,
    bitsPerValue: bits,
    range: {
      max,
      min,
      minNormal: positive[0] ?? max,
      minSubnormal: positive[0] ?? max,
      epsilon: (() => {
        const i = sorted.indexOf(1);
        return i >= 0 && i + 1 < sorted.length ? sorted[i + 1]! - 1 : Number.NaN;
      })(),
    },
    params: { kind: 'lut', bits, values: Array.from(values) },
    special: { nan: 'none', infinity: false, negativeZero: false },
    roundingModes,
    defaults: { rounding: 'nearest-even', overflow: 'saturate' },
    ...tableCodec(
      () => format,
      bits,
      values,
      (x, { rounding, rng }) => encodeOne(x, rounding, rng),
    ),
    encodeOne,
  };
  return defineFormat(format);
}
