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
import {
  type GroupLayout,
  integerRange,
  type RoundTripRequest,
  runSync,
  scaleInto,
  searchScales,
} from './scale-search.ts';

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

/** How values map to scale groups (`g = ⌊i / run⌋ mod count`). */
export function groupLayout(
  shape: Shape,
  granularity: Granularity,
  axis: number,
  groupSize: number,
): GroupLayout {
  const size = sizeOf(shape);
  if (granularity === 'tensor') return { run: Math.max(size, 1), count: 1, groups: 1 };
  if (granularity === 'channel') {
    if (!(axis >= 0 && axis < shape.length))
      fail(
        ErrorCode.Argument,
        `Channel axis ${axis} does not exist in shape [${shape.join(', ')}].`,
      );
    let stride = 1;
    for (let a = shape.length - 1; a > axis; a--) stride *= shape[a]!;
    const channels = shape[axis]!;
    return { run: Math.max(stride, 1), count: Math.max(channels, 1), groups: channels };
  }
  const last = shape[shape.length - 1] ?? size;
  if (!(Number.isInteger(groupSize) && groupSize > 0 && last % groupSize === 0)) {
    fail(
      ErrorCode.Shape,
      `Group size ${groupSize} must divide the last axis (${last}); pick a divisor such as 32 or 128.`,
    );
  }
  const groups = size / groupSize;
  return { run: groupSize, count: Math.max(groups, 1), groups };
}

/** Bulk round trip through a format's own codec. */
export function codecRoundTrip(format: Format): (request: RoundTripRequest) => Float32Array {
  return ({ input, options }) => format.decode(format.encode(input, options), input.length);
}

/** `block` for block formats; `channel` for scalar formats of rank ≥ 2, else `tensor`. */
export function defaultGranularity(format: Format, shape: Shape): Granularity {
  return format.block ? 'block' : shape.length >= 2 ? 'channel' : 'tensor';
}

/** A validated quantization of `shape`: the resolved format, granularity and scale layout. */
export interface QuantizePlan {
  format: Format;
  granularity: Granularity;
  axis: number;
  groupSize: number;
  /** Scale groups (undefined for block formats). */
  layout: GroupLayout | undefined;
}

export function planQuantize(
  size: number,
  shape: Shape,
  format: string | Format,
  options: QuantizeOptions,
): QuantizePlan {
  const f = resolveFormat(format);
  if (sizeOf(shape) !== size)
    fail(
      ErrorCode.Shape,
      `Shape [${shape.join(', ')}] holds ${sizeOf(shape)} values, got ${size}.`,
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
  const layout =
    granularity === 'block' ? undefined : groupLayout(shape, granularity, axis, groupSize);
  return { format: f, granularity, axis, groupSize, layout };
}

export function quantize(
  values: Float32Array,
  shape: Shape,
  format: string | Format,
  options: QuantizeOptions = {},
): QuantizedTensor {
  const plan = planQuantize(values.length, shape, format, options);
  const { format: f, granularity, axis, groupSize, layout } = plan;
  if (!layout) {
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
  const scaled = new Float32Array(values.length);
  const { scales, zeroPoints } = runSync(
    searchScales(values, layout, f, options, scaled),
    codecRoundTrip(f),
  );
  scaleInto(values, layout, scales, zeroPoints, scaled);
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

/** out[i] = (decoded[i] − zero) · scale of i's group, as dequantize computes it. */
export function unscaleInto(
  decoded: Float32Array,
  { run, count }: GroupLayout,
  scales: Float32Array,
  zeroPoints: Float32Array | undefined,
  out: Float32Array,
): void {
  for (let start = 0, r = 0; start < decoded.length; start += run, r++) {
    const z = zeroPoints?.[r % count] ?? 0;
    const s = scales[r % count]!;
    for (let i = start, end = Math.min(start + run, decoded.length); i < end; i++)
      out[i] = (decoded[i]! - z) * s;
  }
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
  const layout = groupLayout(q.shape, q.granularity, q.axis, q.groupSize);
  const out = new Float32Array(size);
  unscaleInto(q.format.decode(q.data, size), layout, q.scales, q.zeroPoints, out);
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
