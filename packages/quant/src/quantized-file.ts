/**
 * A quantized tensor as one self-describing byte string — what `lowbit encode --format
 * int4/g32` writes and `lowbit decode` reads. All integers little-endian:
 *
 *   offset  bytes  field
 *   0       4      magic "LBQT"
 *   4       2      version (1)
 *   6       2      L: byte length of the format spec
 *   8       L      format spec, UTF-8 (`int4/g32`, `fp8_e4m3fn/ch`, `int4/g64/mse/zp` …)
 *           0–3    zero padding to a multiple of 4
 *   h       4      R: rank, then R × 4 dims (u32)
 *           4      D: bytes of packed codes
 *           4      S: number of scales
 *           4      Z: number of zero points (0, or S with /zp)
 *           D      packed codes: the format's encoding of x / s + z, row-major
 *           4·S    scales (f32), one per scale group in row-major group order
 *           4·Z    zero points (f32)
 *
 * Granularity and group size come from the spec (parsed by parseFormatSpec, as in analyze);
 * the counts are stored anyway so a reader can check them before allocating anything.
 */
import {
  ErrorCode,
  type Format,
  formatCandidates,
  getFormat,
  LowbitError,
  sizeOf,
} from '@lowbit/core';
import { type FormatSpec, parseFormatSpec } from './analyze-specs.ts';
import { defaultGranularity, groupLayout, type QuantizedTensor } from './quantize.ts';

const MAGIC = 'LBQT';
const VERSION = 1;
const MAX_RANK = 8;

/** True when `bytes` start with the quantized-file magic. */
export function isQuantizedFile(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && new TextDecoder().decode(bytes.subarray(0, 4)) === MAGIC;
}

/** What `spec` stores for a tensor of `shape`: granularity, group size and the three counts. */
function layoutOf(
  spec: FormatSpec,
  shape: readonly number[],
  format: Format = getFormat(spec.format),
) {
  const granularity = spec.options.granularity ?? defaultGranularity(format, shape);
  const groupSize = spec.options.groupSize ?? 0;
  const row = shape[shape.length - 1] ?? 0;
  const size = sizeOf(shape);
  const codeBytes =
    granularity === 'block'
      ? (size / Math.max(row, 1)) * format.byteLength(row)
      : format.byteLength(size);
  const scales = granularity === 'block' ? 0 : groupLayout(shape, granularity, 0, groupSize).groups;
  return {
    format,
    granularity,
    groupSize,
    codeBytes,
    scales,
    zeroPoints: spec.options.zeroPoint ? scales : 0,
  };
}

function corrupt(message: string): never {
  throw new LowbitError(ErrorCode.FileCorrupt, message);
}

/** `q` (made by quantize with `spec`'s options) as a quantized file. */
export function serializeQuantized(spec: string, q: QuantizedTensor): Uint8Array {
  const parsed = parseFormatSpec(spec);
  const layout = layoutOf(parsed, q.shape);
  if (
    layout.format !== q.format ||
    layout.granularity !== q.granularity ||
    (q.granularity === 'group' && layout.groupSize !== q.groupSize) ||
    q.axis !== 0 ||
    layout.codeBytes !== q.data.length ||
    layout.scales !== q.scales.length ||
    layout.zeroPoints !== (q.zeroPoints?.length ?? 0)
  ) {
    throw new LowbitError(
      ErrorCode.Argument,
      `The quantized tensor was not made with spec "${spec}" (${q.format.name}, ${q.granularity}, axis ${q.axis}); pass the spec whose options quantize() was given.`,
    );
  }
  const specBytes = new TextEncoder().encode(parsed.label);
  const headerBytes = Math.ceil((8 + specBytes.length) / 4) * 4 + 4 * (q.shape.length + 4);
  const out = new Uint8Array(
    headerBytes + q.data.length + 4 * (q.scales.length + layout.zeroPoints),
  );
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint16(4, VERSION, true);
  view.setUint16(6, specBytes.length, true);
  out.set(specBytes, 8);
  let at = Math.ceil((8 + specBytes.length) / 4) * 4;
  for (const n of [q.shape.length, ...q.shape, q.data.length, q.scales.length, layout.zeroPoints]) {
    view.setUint32(at, n, true);
    at += 4;
  }
  out.set(q.data, at);
  at += q.data.length;
  for (const v of [...q.scales, ...(q.zeroPoints ?? [])]) {
    view.setFloat32(at, v, true);
    at += 4;
  }
  return out;
}

/**
 * Reads a quantized file back: its spec and the tensor, ready for dequantize(). Every count is
 * checked against the file's length before anything is allocated.
 */
export function deserializeQuantized(bytes: Uint8Array): { spec: string; tensor: QuantizedTensor } {
  if (!isQuantizedFile(bytes))
    corrupt(
      'Not a lowbit quantized file (no "LBQT" magic); pass a file written by `lowbit encode` with a scaled spec.',
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (end: number, what: string) => {
    if (bytes.length < end)
      throw new LowbitError(
        ErrorCode.FileTruncated,
        `The quantized file holds ${bytes.length} bytes but its ${what} needs ${end}; the file was cut short.`,
        { details: { bytes: bytes.length, needed: end } },
      );
  };
  need(8, 'header');
  const version = view.getUint16(4, true);
  if (version !== VERSION)
    throw new LowbitError(
      ErrorCode.UnsupportedVersion,
      `Quantized file version ${version} is not readable here (this lowbit reads version ${VERSION}); upgrade lowbit.`,
    );
  const specLength = view.getUint16(6, true);
  let at = Math.ceil((8 + specLength) / 4) * 4;
  need(at + 4, 'header');
  const spec = new TextDecoder().decode(bytes.subarray(8, 8 + specLength));
  const rank = view.getUint32(at, true);
  if (rank < 1 || rank > MAX_RANK)
    corrupt(`Quantized file declares rank ${rank}; expected 1 to ${MAX_RANK}.`);
  need(at + 4 * (rank + 4), 'header');
  const fields = Array.from({ length: rank + 4 }, (_, i) => view.getUint32(at + 4 * i, true));
  at += 4 * fields.length;
  const shape = fields.slice(1, rank + 1);
  const [codeBytes, scales, zeroPoints] = fields.slice(rank + 1) as [number, number, number];
  if (shape.some((d) => d === 0))
    corrupt(`Quantized file declares shape [${shape.join(', ')}] with an empty axis.`);
  // A format renamed since the file was written (nvfp4 → nvfp4_scaled) is told apart by size.
  const parsed = parseFormatSpec(spec);
  const layouts = formatCandidates(parsed.format).map((f) => layoutOf(parsed, shape, f));
  const layout = layouts.find((l) => l.codeBytes === codeBytes) ?? layouts[0]!;
  if (
    layout.codeBytes !== codeBytes ||
    layout.scales !== scales ||
    layout.zeroPoints !== zeroPoints
  )
    corrupt(
      `Quantized file declares ${codeBytes} code bytes, ${scales} scales and ${zeroPoints} zero points, but "${spec}" on [${shape.join(', ')}] stores ${layout.codeBytes}, ${layout.scales} and ${layout.zeroPoints}.`,
    );
  const end = at + codeBytes + 4 * (scales + zeroPoints);
  need(end, `header (${at} bytes), codes (${codeBytes}) and scales (${4 * (scales + zeroPoints)})`);
  if (bytes.length > end)
    corrupt(
      `The quantized file holds ${bytes.length} bytes, ${bytes.length - end} more than its ${end}-byte contents; it is not one quantized tensor.`,
    );
  const floats = (count: number, from: number) =>
    Float32Array.from({ length: count }, (_, i) => view.getFloat32(from + 4 * i, true));
  const tensor: QuantizedTensor = {
    format: layout.format,
    shape,
    granularity: layout.granularity,
    axis: 0,
    groupSize: layout.groupSize,
    data: bytes.slice(at, at + codeBytes),
    scales: floats(scales, at + codeBytes),
    ...(zeroPoints ? { zeroPoints: floats(zeroPoints, at + codeBytes + 4 * scales) } : {}),
  };
  return { spec, tensor };
}
