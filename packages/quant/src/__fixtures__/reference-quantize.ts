// The pre-optimisation quantize path (one Float64Array per group, one codec call per MSE candidate
// per group), kept as the slow oracle that analyze.reference.test.ts compares the fast path with.
/**
 * Mapping a tensor onto a format. Scalar formats get explicit scales — one per tensor, per
 * channel (any axis) or per group of the last axis — chosen by absmax, a percentile of |x|, or
 * an MSE search over clip ratios; integer formats can also take a zero point (asymmetric).
 * Block formats (MX, NVFP4, ggml types) carry their own scales: each row is encoded as is.
 *
 *   x̂ = (decode(encode(x / s + z)) − z) · s
 */
import {
  type EncodeOptions,
  ErrorCode,
  type Format,
  LowbitError,
  resolveFormat,
  type Shape,
  sizeOf,
  type Tensor,
} from '@lowbit/core';

export type Granularity = 'tensor' | 'channel' | 'group' | 'block';
export type ClipMethod = 'absmax' | 'percentile' | 'mse';

export interface QuantizeOptions extends EncodeOptions {
  /** Default: `block` for block formats; `channel` (axis 0) for scalar formats of rank ≥ 2, else `tensor`. */
  granularity?: Granularity;
  /** Channel axis for `channel` (default 0: the rows of an [out, in] weight). */
  axis?: number;
  /** Values per group along the last axis for `group`. */
  groupSize?: number;
  /** How the clipping range is chosen (default `absmax`). */
  clip?: ClipMethod;
  /** Percentile of |x| for `clip: 'percentile'` (default 99.9). */
  percentile?: number;
  /** Clip ratios tried by `clip: 'mse'`: 1, 1 − 1/steps·0.5, …, 0.5 (default 20 steps). */
  clipSteps?: number;
  /** Asymmetric quantization with a zero point (integer formats only). */
  zeroPoint?: boolean;
}

export interface QuantizedTensor {
  format: Format;
  shape: readonly number[];
  granularity: Granularity;
  axis: number;
  groupSize: number;
  /** Packed codes (block formats: row after row). */
  data: Uint8Array;
  /** One scale per scale group (empty for block formats). */
  scales: Float32Array;
  /** One zero point per scale group when asymmetric. */
  zeroPoints?: Float32Array;
}

function fail(code: (typeof ErrorCode)[keyof typeof ErrorCode], message: string): never {
  throw new LowbitError(code, message);
}

/** Scale-group index of every element (and how many groups there are). */
export function groupIndex(
  shape: Shape,
  granularity: Granularity,
  axis: number,
  groupSize: number,
): { groups: number; of: (i: number) => number } {
  const size = sizeOf(shape);
  if (granularity === 'tensor') return { groups: 1, of: () => 0 };
  if (granularity === 'channel') {
    if (!(axis >= 0 && axis < shape.length))
      fail(
        ErrorCode.Argument,
        `Channel axis ${axis} does not exist in shape [${shape.join(', ')}].`,
      );
    let stride = 1;
    for (let a = shape.length - 1; a > axis; a--) stride *= shape[a]!;
    const channels = shape[axis]!;
    return { groups: channels, of: (i) => Math.floor(i / stride) % channels };
  }
  const last = shape[shape.length - 1] ?? size;
  if (!(Number.isInteger(groupSize) && groupSize > 0 && last % groupSize === 0)) {
    fail(
      ErrorCode.Shape,
      `Group size ${groupSize} must divide the last axis (${last}); pick a divisor such as 32 or 128.`,
    );
  }
  return { groups: size / groupSize, of: (i) => Math.floor(i / groupSize) };
}

interface GroupParams {
  scale: number;
  zero: number;
}

function integerRange(format: Format): [number, number] | undefined {
  return format.family === 'integer' ? [format.range.min, format.range.max] : undefined;
}

function percentileOf(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const position = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (position - lo);
}

function paramsFor(
  values: Float64Array,
  format: Format,
  ratio: number,
  asymmetric: boolean,
): GroupParams {
  if (asymmetric) {
    const [qmin, qmax] = integerRange(format)!;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    min *= ratio;
    max *= ratio;
    // The zero point is an integer but not clamped to the code range (it is stored as f32), so a
    // range that excludes 0 keeps full resolution.
    const scale = max > min ? (max - min) / (qmax - qmin) : 1;
    return { scale, zero: Math.round(qmin - min / scale) };
  }
  // IEEE floats (f32, f16, bf16) are used unscaled: their range needs no fitting.
  if (format.family === 'ieee-float') return { scale: 1, zero: 0 };
  let amax = 0;
  for (const v of values) amax = Math.max(amax, Math.abs(v));
  const clip = amax * ratio;
  return { scale: clip > 0 ? clip / format.range.max : 1, zero: 0 };
}

function roundTrip(
  values: Float64Array,
  format: Format,
  p: GroupParams,
  options: EncodeOptions,
): Float64Array {
  const scaled = Float32Array.from(values, (v) => v / p.scale + p.zero);
  const decoded = format.decode(format.encode(scaled, options), scaled.length);
  return Float64Array.from(decoded, (v) => (v - p.zero) * p.scale);
}

function chooseParams(
  values: Float64Array,
  format: Format,
  options: QuantizeOptions,
  asymmetric: boolean,
): GroupParams {
  const clip = options.clip ?? 'absmax';
  if (clip === 'absmax') return paramsFor(values, format, 1, asymmetric);
  if (clip === 'percentile') {
    const p = options.percentile ?? 99.9;
    if (!(p > 0 && p <= 100)) fail(ErrorCode.Argument, `percentile must be in (0, 100], got ${p}.`);
    let amax = 0;
    for (const v of values) amax = Math.max(amax, Math.abs(v));
    const target = percentileOf(Float64Array.from(values, Math.abs).sort(), p);
    return paramsFor(values, format, amax > 0 ? target / amax : 1, asymmetric);
  }
  if (clip !== 'mse')
    fail(ErrorCode.Argument, `Unknown clip method "${clip}"; use absmax, percentile or mse.`);
  const steps = options.clipSteps ?? 20;
  let best = paramsFor(values, format, 1, asymmetric);
  let bestError = Number.POSITIVE_INFINITY;
  for (let step = 0; step <= steps; step++) {
    const candidate = paramsFor(values, format, 1 - (0.5 * step) / steps, asymmetric);
    const approx = roundTrip(values, format, candidate, {
      ...options,
      rounding: options.rounding === 'stochastic' ? 'nearest-even' : options.rounding,
    });
    let error = 0;
    for (let i = 0; i < values.length; i++) error += (values[i]! - approx[i]!) ** 2;
    if (error < bestError) {
      bestError = error;
      best = candidate;
    }
  }
  return best;
}

/** `block` for block formats; `channel` for scalar formats of rank ≥ 2, else `tensor`. */
export function defaultGranularity(format: Format, shape: Shape): Granularity {
  return format.block ? 'block' : shape.length >= 2 ? 'channel' : 'tensor';
}

export function quantize(
  values: Float32Array,
  shape: Shape,
  format: string | Format,
  options: QuantizeOptions = {},
): QuantizedTensor {
  const f = resolveFormat(format);
  if (sizeOf(shape) !== values.length)
    fail(
      ErrorCode.Shape,
      `Shape [${shape.join(', ')}] holds ${sizeOf(shape)} values, got ${values.length}.`,
    );
  const granularity = options.granularity ?? defaultGranularity(f, shape);
  const axis = options.axis ?? 0;
  const groupSize = options.groupSize ?? 0;
  if (f.block && granularity !== 'block') {
    fail(
      ErrorCode.Argument,
      `${f.name} carries its own block scales; use granularity "block" (or a scalar format for ${granularity} scales).`,
    );
  }
  if (!f.block && granularity === 'block')
    fail(ErrorCode.Argument, `${f.name} has no blocks; use tensor, channel or group granularity.`);
  if (options.zeroPoint && !integerRange(f))
    fail(ErrorCode.Argument, `Zero points need an integer format; ${f.name} is ${f.family}.`);

  if (granularity === 'block') {
    const row = shape[shape.length - 1] ?? values.length;
    const rowBytes = f.byteLength(row);
    const data = new Uint8Array((values.length / Math.max(row, 1)) * rowBytes);
    for (let r = 0; r * row < values.length; r++)
      data.set(f.encode(values.subarray(r * row, (r + 1) * row), options), r * rowBytes);
    return {
      format: f,
      shape: [...shape],
      granularity,
      axis,
      groupSize,
      data,
      scales: new Float32Array(0),
    };
  }

  const { groups, of } = groupIndex(shape, granularity, axis, groupSize);
  const members: number[][] = Array.from({ length: groups }, () => []);
  for (let i = 0; i < values.length; i++) members[of(i)]!.push(i);
  const scales = new Float32Array(groups);
  const zeroPoints = options.zeroPoint ? new Float32Array(groups) : undefined;
  const scaled = new Float32Array(values.length);
  for (let g = 0; g < groups; g++) {
    const index = members[g]!;
    const group = Float64Array.from(index, (i) => values[i]!);
    const p = chooseParams(group, f, options, options.zeroPoint === true);
    scales[g] = p.scale;
    if (zeroPoints) zeroPoints[g] = p.zero;
    for (const i of index) scaled[i] = values[i]! / scales[g]! + p.zero;
  }
  return {
    format: f,
    shape: [...shape],
    granularity,
    axis,
    groupSize,
    data: f.encode(scaled, options),
    scales,
    ...(zeroPoints ? { zeroPoints } : {}),
  };
}

export function dequantize(q: QuantizedTensor): Float32Array {
  const size = sizeOf(q.shape);
  if (q.granularity === 'block') {
    const row = q.shape[q.shape.length - 1] ?? size;
    const rowBytes = q.format.byteLength(row);
    const out = new Float32Array(size);
    for (let r = 0; r * row < size; r++)
      out.set(q.format.decode(q.data.subarray(r * rowBytes, (r + 1) * rowBytes), row), r * row);
    return out;
  }
  const { of } = groupIndex(q.shape, q.granularity, q.axis, q.groupSize);
  const decoded = q.format.decode(q.data, size);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const g = of(i);
    out[i] = (decoded[i]! - (q.zeroPoints?.[g] ?? 0)) * q.scales[g]!;
  }
  return out;
}

/** Storage bits per value including scales (f32) and zero points. */
export function storedBitsPerValue(q: QuantizedTensor): number {
  const size = sizeOf(q.shape);
  return (q.data.length * 8 + q.scales.length * 32 + (q.zeroPoints?.length ?? 0) * 32) / size;
}

/** Quantizes a tensor's values (read back from its backend). */
export async function quantizeTensor(
  t: Tensor,
  format: string | Format,
  options?: QuantizeOptions,
): Promise<QuantizedTensor> {
  return quantize(await t.read(), t.shape, format, options);
}
