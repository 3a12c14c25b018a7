/**
 * Choosing per-group scales (and zero points) for a scalar format, over all groups at once.
 *
 * Groups are laid out as `g = ⌊i / run⌋ mod count` (tensor: one run of every value; channel:
 * runs of the axis stride; group: runs of groupSize), so no index lists are built. The MSE clip
 * search round-trips the whole tensor once per candidate ratio instead of once per group and
 * candidate: a scalar codec maps each value on its own, so every group's error — summed in the
 * same index order, in float64 — is the one the per-group search measured, bit for bit. Loops
 * walk the layout run by run (one group per run), never dividing per value.
 *
 * The search is a generator: it yields each buffer that needs `decode(encode(x))` and resumes
 * with the decoded values, so one implementation serves a synchronous codec (quantize) and an
 * engine's asynchronous encode/decode ops (analyze on a backend).
 */
import { type EncodeOptions, ErrorCode, type Format, LowbitError } from '@lowbit/core';
import type { QuantizeOptions } from './quantize.ts';

/** `g = ⌊i / run⌋ mod count`, `groups` in all. */
export interface GroupLayout {
  run: number;
  count: number;
  groups: number;
}

/** A buffer to round-trip through the format, and the options to encode it with. */
export interface RoundTripRequest {
  input: Float32Array;
  options: EncodeOptions;
}

/** Chosen parameters, one per group. */
export interface GroupScales {
  scales: Float32Array;
  zeroPoints: Float32Array | undefined;
}

export type ScaleSearch = Generator<RoundTripRequest, GroupScales, Float32Array>;

function fail(message: string): never {
  throw new LowbitError(ErrorCode.Argument, message);
}

export function integerRange(format: Format): [number, number] | undefined {
  return format.family === 'integer' ? [format.range.min, format.range.max] : undefined;
}

function percentileOf(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const position = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (position - lo);
}

/** Per-group statistics the parameters are derived from, in one pass. */
class GroupStats {
  readonly amax: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  constructor(values: Float32Array, { run, count, groups }: GroupLayout) {
    this.amax = new Float64Array(groups);
    this.min = new Float64Array(groups).fill(Number.POSITIVE_INFINITY);
    this.max = new Float64Array(groups).fill(Number.NEGATIVE_INFINITY);
    for (let start = 0, r = 0; start < values.length; start += run, r++) {
      const g = r % count;
      let amax = this.amax[g]!;
      let min = this.min[g]!;
      let max = this.max[g]!;
      for (let i = start, end = Math.min(start + run, values.length); i < end; i++) {
        const v = values[i]!;
        amax = Math.max(amax, Math.abs(v));
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      this.amax[g] = amax;
      this.min[g] = min;
      this.max[g] = max;
    }
  }
}

/** Scale and zero of every group for clip ratios `ratio(g)` (absmax when 1). */
function paramsFor(
  stats: GroupStats,
  format: Format,
  ratio: (g: number) => number,
  asymmetric: boolean,
  scale: Float64Array,
  zero: Float64Array,
): void {
  const range = integerRange(format);
  for (let g = 0; g < scale.length; g++) {
    const r = ratio(g);
    if (asymmetric) {
      const min = stats.min[g]! * r;
      const max = stats.max[g]! * r;
      // The zero point is an integer but not clamped to the code range (it is stored as f32),
      // so a range that excludes 0 keeps full resolution.
      const s = max > min ? (max - min) / (range![1] - range![0]) : 1;
      scale[g] = s;
      zero[g] = Math.round(range![0] - min / s);
    } else if (format.family === 'ieee-float') {
      // IEEE floats (f32, f16, bf16) are used unscaled: their range needs no fitting.
      scale[g] = 1;
      zero[g] = 0;
    } else {
      const clip = stats.amax[g]! * r;
      scale[g] = clip > 0 ? clip / format.range.max : 1;
      zero[g] = 0;
    }
  }
}

/** |x| of each group at its percentile p, as a fraction of the group's absmax. */
function percentileRatios(
  values: Float32Array,
  { run, count, groups }: GroupLayout,
  stats: GroupStats,
  p: number,
): Float64Array {
  const size = values.length / groups;
  const sorted = new Float64Array(size);
  const ratios = new Float64Array(groups);
  const period = run * count;
  for (let g = 0; g < groups; g++) {
    let k = 0;
    for (let base = g * run; base < values.length; base += period)
      for (let j = 0; j < run; j++) sorted[k++] = Math.abs(values[base + j]!);
    sorted.sort();
    const amax = stats.amax[g]!;
    ratios[g] = amax > 0 ? percentileOf(sorted, p) / amax : 1;
  }
  return ratios;
}

/** Fills `out` with x / scale + zero per group (float64 math, one f32 rounding). */
export function scaleInto(
  values: Float32Array,
  { run, count }: GroupLayout,
  scale: ArrayLike<number>,
  zero: ArrayLike<number> | undefined,
  out: Float32Array,
): void {
  for (let start = 0, r = 0; start < values.length; start += run, r++) {
    const s = scale[r % count]!;
    const z = zero?.[r % count] ?? 0;
    for (let i = start, end = Math.min(start + run, values.length); i < end; i++)
      out[i] = values[i]! / s + z;
  }
}

/**
 * The scales and zero points `quantize` stores, with the clip method of `options`. `scratch`
 * (one f32 per value) holds each candidate's scaled values while they are round-tripped.
 */
export function* searchScales(
  values: Float32Array,
  layout: GroupLayout,
  format: Format,
  options: QuantizeOptions,
  scratch: Float32Array,
): ScaleSearch {
  const { groups, run, count } = layout;
  const asymmetric = options.zeroPoint === true;
  const stats = new GroupStats(values, layout);
  const scale = new Float64Array(groups);
  const zero = new Float64Array(groups);
  const clip = options.clip ?? 'absmax';
  if (clip === 'absmax') paramsFor(stats, format, () => 1, asymmetric, scale, zero);
  else if (clip === 'percentile') {
    const p = options.percentile ?? 99.9;
    if (!(p > 0 && p <= 100)) fail(`percentile must be in (0, 100], got ${p}.`);
    const ratios = percentileRatios(values, layout, stats, p);
    paramsFor(stats, format, (g) => ratios[g]!, asymmetric, scale, zero);
  } else if (clip === 'mse') {
    const steps = options.clipSteps ?? 20;
    const candidateScale = new Float64Array(groups);
    const candidateZero = new Float64Array(groups);
    const error = new Float64Array(groups);
    const bestError = new Float64Array(groups).fill(Number.POSITIVE_INFINITY);
    paramsFor(stats, format, () => 1, asymmetric, scale, zero);
    const encodeOptions: EncodeOptions = {
      ...options,
      rounding: options.rounding === 'stochastic' ? 'nearest-even' : options.rounding,
    };
    for (let step = 0; step <= steps; step++) {
      const ratio = 1 - (0.5 * step) / steps;
      paramsFor(stats, format, () => ratio, asymmetric, candidateScale, candidateZero);
      scaleInto(values, layout, candidateScale, candidateZero, scratch);
      const decoded = yield { input: scratch, options: encodeOptions };
      error.fill(0);
      for (let start = 0, r = 0; start < values.length; start += run, r++) {
        const g = r % count;
        const s = candidateScale[g]!;
        const z = candidateZero[g]!;
        let sum = error[g]!;
        for (let i = start, end = Math.min(start + run, values.length); i < end; i++)
          sum += (values[i]! - (decoded[i]! - z) * s) ** 2;
        error[g] = sum;
      }
      for (let g = 0; g < groups; g++) {
        if (error[g]! < bestError[g]!) {
          bestError[g] = error[g]!;
          scale[g] = candidateScale[g]!;
          zero[g] = candidateZero[g]!;
        }
      }
    }
  } else fail(`Unknown clip method "${clip}"; use absmax, percentile or mse.`);
  return {
    scales: Float32Array.from(scale),
    zeroPoints: asymmetric ? Float32Array.from(zero) : undefined,
  };
}

/** Runs a search with a synchronous round trip. */
export function runSync<T>(
  search: Generator<RoundTripRequest, T, Float32Array>,
  roundTrip: (request: RoundTripRequest) => Float32Array,
): T {
  let step = search.next();
  while (!step.done) step = search.next(roundTrip(step.value));
  return step.value;
}
