/**
 * The analysis behind `lowbit analyze`: every format × transform on one tensor, with error
 * metrics measured back in the original domain (after the inverse transform), sorted by
 * relative MSE.
 *
 * Each combination is one or a few whole-tensor round trips `decode(encode(x))` — the MSE clip
 * search one per candidate ratio, for all groups at once — into scratch buffers allocated once
 * per tensor. The analysis is a generator of those round trips, so the same code runs on a
 * format's own codec (`analyzeCovered`) or on an engine's encode/decode ops (`analyzeOn`).
 */
import { ErrorCode, type Format, LowbitError, type Shape } from '@lowbit/core';
import { type FormatSpec, nominalBitsPerValue, type TransformSpec } from './analyze-specs.ts';
import { errorMetrics, type QuantReport } from './metrics.ts';
import { planQuantize, type QuantizePlan, unscaleInto } from './quantize.ts';
import { type RoundTripRequest, scaleInto, searchScales } from './scale-search.ts';

/** A format × transform that cannot apply to a tensor's shape, and why. */
export interface SkippedCombination {
  format: string;
  transform: string;
  /** The E_SHAPE error's message, e.g. "Group size 32 must divide the last axis (172) …". */
  reason: string;
}

export interface CoveredAnalysis {
  reports: QuantReport[];
  skipped: SkippedCombination[];
}

/** `decode(encode(input))` in `format`. */
export interface FormatRoundTrip extends RoundTripRequest {
  format: Format;
}

/** Runs the round trips of an analysis: a format's codec, or an engine's ops. */
export type RoundTripper = (request: FormatRoundTrip) => Float32Array | Promise<Float32Array>;

type Steps<T> = Generator<FormatRoundTrip, T, Float32Array>;

function* inFormat<T>(format: Format, search: Generator<RoundTripRequest, T, Float32Array>) {
  let step = search.next();
  while (!step.done) step = search.next(yield { ...step.value, format });
  return step.value;
}

/** Whether rows may be round-tripped as one array: whole blocks, no tensor-wide scale, no RNG. */
function wholeRows(format: Format, row: number, options: FormatSpec['options']): boolean {
  const block = format.block!;
  return (
    row % block.size === 0 &&
    block.scales.every((s) => s.scope === 'block') &&
    options.rounding !== 'stochastic'
  );
}

/**
 * Writes `dequantize(quantize(values))` into `approx` (scaled: scratch of the same length);
 * returns the stored bits per value (codes, scales, zero points, padding).
 */
function* approximate(
  values: Float32Array,
  shape: Shape,
  plan: QuantizePlan,
  options: FormatSpec['options'],
  scaled: Float32Array,
  approx: Float32Array,
): Steps<number> {
  const { format, layout } = plan;
  if (!layout) {
    const row = shape[shape.length - 1] ?? values.length;
    const rows = values.length / Math.max(row, 1);
    if (rows <= 1 || wholeRows(format, row, options))
      approx.set(yield { format, input: values, options });
    else
      for (let r = 0; r < rows; r++)
        approx.set(
          yield { format, input: values.subarray(r * row, (r + 1) * row), options },
          r * row,
        );
    return (rows * format.byteLength(row) * 8) / values.length;
  }
  const { scales, zeroPoints } = yield* inFormat(
    format,
    searchScales(values, layout, format, options, scaled),
  );
  scaleInto(values, layout, scales, zeroPoints, scaled);
  unscaleInto(yield { format, input: scaled, options }, layout, scales, zeroPoints, approx);
  const stored =
    format.byteLength(values.length) * 8 + (scales.length + (zeroPoints?.length ?? 0)) * 32;
  return stored / values.length;
}

function* analysis(
  values: Float32Array,
  shape: Shape,
  formats: readonly FormatSpec[],
  transforms: readonly TransformSpec[],
): Steps<CoveredAnalysis> {
  const n = shape[shape.length - 1] ?? values.length;
  const reports: QuantReport[] = [];
  const skipped: SkippedCombination[] = [];
  const skip = (error: unknown, format: string, transform: string) => {
    if (!(LowbitError.isInstance(error) && error.code === ErrorCode.Shape)) throw error;
    skipped.push({ format, transform, reason: error.message });
  };
  const rotated = new Float32Array(values.length);
  const scaled = new Float32Array(values.length);
  const approx = new Float32Array(values.length);
  for (const transform of transforms) {
    rotated.set(values);
    let inverse: (rows: Float32Array) => void;
    try {
      inverse = transform.apply(rotated, n, values.length / n);
    } catch (error) {
      for (const spec of formats) skip(error, spec.label, transform.label);
      continue;
    }
    for (const spec of formats) {
      let bitsPerValue: number;
      try {
        const plan = planQuantize(values.length, shape, spec.format, spec.options);
        bitsPerValue = yield* approximate(rotated, shape, plan, spec.options, scaled, approx);
      } catch (error) {
        skip(error, spec.label, transform.label);
        continue;
      }
      inverse(approx);
      reports.push({
        format: spec.label,
        transform: transform.label,
        bitsPerValue,
        nominalBitsPerValue: nominalBitsPerValue(spec),
        values: values.length,
        ...errorMetrics(values, approx),
      });
    }
  }
  return { reports: reports.sort((a, b) => a.relativeMse - b.relativeMse), skipped };
}

/** Round trips on each format's own codec: what the cpu backend runs, without an engine's per-op dispatch. */
export const codecRoundTripper: RoundTripper = ({ format, input, options }) =>
  format.decode(format.encode(input, options), input.length);

/**
 * Every format × transform on `values` (shape [..., n]), best first, on the formats' own codecs.
 * A combination the shape cannot take (a group or Hadamard length that does not fit the rows)
 * is listed in `skipped` with its reason; any other error is thrown.
 */
export function analyzeCovered(
  values: Float32Array,
  shape: Shape,
  formats: readonly FormatSpec[],
  transforms: readonly TransformSpec[],
): CoveredAnalysis {
  const steps = analysis(values, shape, formats, transforms);
  let step = steps.next();
  while (!step.done) {
    let decoded: Float32Array;
    try {
      decoded = codecRoundTripper(step.value) as Float32Array;
    } catch (error) {
      step = steps.throw(error);
      continue;
    }
    step = steps.next(decoded);
  }
  return step.value;
}

/** `analyzeCovered` with the round trips run by `roundTrip` (e.g. an engine's encode/decode ops). */
export async function analyzeOn(
  roundTrip: RoundTripper,
  values: Float32Array,
  shape: Shape,
  formats: readonly FormatSpec[],
  transforms: readonly TransformSpec[],
): Promise<CoveredAnalysis> {
  const steps = analysis(values, shape, formats, transforms);
  let step = steps.next();
  while (!step.done) {
    let decoded: Float32Array;
    try {
      decoded = await roundTrip(step.value);
    } catch (error) {
      step = steps.throw(error);
      continue;
    }
    step = steps.next(decoded);
  }
  return step.value;
}

/** Quantization error of every format × transform on `values`, best first; throws on the first shape misfit. */
export function analyze(
  values: Float32Array,
  shape: Shape,
  formats: readonly FormatSpec[],
  transforms: readonly TransformSpec[],
): QuantReport[] {
  const { reports, skipped } = analyzeCovered(values, shape, formats, transforms);
  if (skipped[0]) throw new LowbitError(ErrorCode.Shape, skipped[0].reason);
  return reports;
}
