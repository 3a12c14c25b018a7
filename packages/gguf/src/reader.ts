/**
 * GGUF v2/v3 reader (ggml's docs/gguf.md). Parses the header, metadata and tensor infos from
 * a ByteSource; tensor data is read only when asked for. Hostile files get coded errors:
 * every count, length and offset is checked against the bytes that remain before anything is
 * allocated; strings, arrays and nesting are capped; tensors must lie inside the data section,
 * be aligned, and not overlap.
 */

import type { ByteSource } from '@lowbit/core';
import { ErrorCode, type Format, LowbitError } from '@lowbit/core';
import { formatForGgmlType } from '@lowbit/formats';
import { Cursor } from './cursor.ts';
import {
  FIXED_SIZE,
  type GgufArray,
  type GgufScalar,
  GgufType,
  type GgufTypeId,
  type GgufValue,
  isKnownType,
  minimumSize,
} from './value-types.ts';

export const GGUF_MAGIC = 0x46554747; // "GGUF" little-endian
export const DEFAULT_ALIGNMENT = 32;
const MAX_DIMS = 4;

export interface GgufLimits {
  /** Longest metadata string, bytes (default 16 MiB). */
  maxStringBytes: number;
  /** Most items in one metadata array (default 2^24). */
  maxArrayItems: number;
  /** Deepest array nesting (default 4). */
  maxDepth: number;
}

export const DEFAULT_LIMITS: GgufLimits = {
  maxStringBytes: 16 << 20,
  maxArrayItems: 1 << 24,
  maxDepth: 4,
};

export interface GgufTensorInfo {
  name: string;
  /** GGUF dims, fastest-varying first (ggml's ne[]). */
  dims: number[];
  /** Row-major shape: dims reversed. */
  shape: number[];
  ggmlType: number;
  format: Format;
  /** Offset from the start of the data section. */
  offset: number;
  /** Bytes of packed data. */
  byteLength: number;
}

export interface GgufHeader {
  version: 2 | 3;
  metadata: Map<string, GgufValue>;
  tensors: GgufTensorInfo[];
  alignment: number;
  /** Absolute offset of the data section. */
  dataOffset: number;
}

async function readScalar(
  cursor: Cursor,
  type: number,
  what: string,
  limits: GgufLimits,
): Promise<GgufScalar> {
  if (type === GgufType.STRING) return cursor.string(what, limits.maxStringBytes);
  const { view, at } = await cursor.scalar(FIXED_SIZE[type]!, what);
  switch (type) {
    case GgufType.UINT8:
      return view.getUint8(at);
    case GgufType.INT8:
      return view.getInt8(at);
    case GgufType.UINT16:
      return view.getUint16(at, true);
    case GgufType.INT16:
      return view.getInt16(at, true);
    case GgufType.UINT32:
      return view.getUint32(at, true);
    case GgufType.INT32:
      return view.getInt32(at, true);
    case GgufType.FLOAT32:
      return view.getFloat32(at, true);
    case GgufType.BOOL: {
      const b = view.getUint8(at);
      if (b > 1) throw cursor.corrupt(what, `is a bool of value ${b} (must be 0 or 1)`);
      return b === 1;
    }
    case GgufType.UINT64:
      return view.getBigUint64(at, true);
    case GgufType.INT64:
      return view.getBigInt64(at, true);
    default:
      return view.getFloat64(at, true);
  }
}

async function readValue(
  cursor: Cursor,
  type: number,
  what: string,
  limits: GgufLimits,
  depth: number,
): Promise<GgufScalar | GgufArray> {
  if (!isKnownType(type)) throw cursor.corrupt(what, `has unknown value type ${type}`);
  if (type !== GgufType.ARRAY) return readScalar(cursor, type, what, limits);
  if (depth >= limits.maxDepth)
    throw cursor.corrupt(what, `nests arrays deeper than ${limits.maxDepth}`);
  const itemType = await cursor.u32(`${what} item type`);
  if (!isKnownType(itemType)) throw cursor.corrupt(what, `has unknown array item type ${itemType}`);
  const count = await cursor.u64(`${what} count`);
  if (count > limits.maxArrayItems)
    throw cursor.corrupt(what, `claims ${count} items, over the limit of ${limits.maxArrayItems}`);
  if (count * minimumSize(itemType) > cursor.remaining)
    throw cursor.truncated(`${what} items`, count * minimumSize(itemType));
  const items: (GgufScalar | GgufArray)[] = [];
  for (let i = 0; i < count; i++)
    items.push(await readValue(cursor, itemType, `${what}[${i}]`, limits, depth + 1));
  return { itemType, items } as GgufArray;
}

function fail(
  code: (typeof ErrorCode)[keyof typeof ErrorCode],
  message: string,
  details: Record<string, unknown>,
): never {
  throw new LowbitError(code, message, { details });
}

export interface ReadOptions {
  /** Name for error messages (default "GGUF file"). */
  name?: string;
  limits?: Partial<GgufLimits>;
  /** Called with each structure's name and absolute offset as parsing reaches it (inspection, fuzzing). */
  trace?: (field: string, offset: number) => void;
}

export async function readGgufHeader(
  source: ByteSource,
  options: ReadOptions = {},
): Promise<GgufHeader> {
  const file = options.name ?? 'GGUF file';
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const cursor = new Cursor(source, file);
  const trace = options.trace ?? (() => {});
  const magic = await cursor.u32('magic');
  if (magic !== GGUF_MAGIC) {
    fail(
      ErrorCode.FileCorrupt,
      `${file} is not a GGUF file (magic 0x${magic.toString(16)}, expected "GGUF").`,
      { field: 'magic', offset: 0 },
    );
  }
  const version = await cursor.u32('version');
  if (version !== 2 && version !== 3) {
    fail(
      ErrorCode.UnsupportedVersion,
      `${file} is GGUF version ${version}; lowbit reads versions 2 and 3. Re-convert it with a current llama.cpp.`,
      {
        field: 'version',
        offset: 4,
        version,
      },
    );
  }
  trace('tensor_count', cursor.position);
  const tensorCount = await cursor.u64('tensor_count');
  trace('metadata_kv_count', cursor.position);
  const kvCount = await cursor.u64('metadata_kv_count');
  // Each key/value takes at least 8 (key length) + 4 (type) + 1 bytes; each tensor info 8 + 4 + 4 + 8.
  if (kvCount * 13 > cursor.remaining) throw cursor.truncated('metadata', kvCount * 13);
  if (tensorCount * 24 > cursor.remaining) throw cursor.truncated('tensor infos', tensorCount * 24);

  const metadata = new Map<string, GgufValue>();
  for (let i = 0; i < kvCount; i++) {
    trace('kv', cursor.position);
    const key = await cursor.string(`metadata key #${i}`, limits.maxStringBytes);
    if (metadata.has(key)) throw cursor.corrupt(`metadata key "${key}"`, 'appears twice');
    const type = await cursor.u32(`type of "${key}"`);
    trace('kv-value', cursor.position);
    const value = await readValue(cursor, type, `value of "${key}"`, limits, 0);
    metadata.set(key, { type: type as GgufTypeId, value });
  }

  const alignmentValue = metadata.get('general.alignment');
  let alignment = DEFAULT_ALIGNMENT;
  if (alignmentValue) {
    const a = alignmentValue.value;
    if (
      alignmentValue.type !== GgufType.UINT32 ||
      typeof a !== 'number' ||
      a === 0 ||
      (a & (a - 1)) !== 0
    ) {
      fail(
        ErrorCode.FileCorrupt,
        `${file}: general.alignment must be a u32 power of two, got ${String(a)}.`,
        { field: 'general.alignment' },
      );
    }
    alignment = a;
  }

  const tensors: GgufTensorInfo[] = [];
  const names = new Set<string>();
  for (let i = 0; i < tensorCount; i++) {
    trace('tensor', cursor.position);
    const name = await cursor.string(`tensor #${i} name`, limits.maxStringBytes);
    if (names.has(name)) throw cursor.corrupt(`tensor "${name}"`, 'is defined twice');
    names.add(name);
    const nDims = await cursor.u32(`tensor "${name}" n_dims`);
    if (nDims < 1 || nDims > MAX_DIMS)
      throw cursor.corrupt(`tensor "${name}" n_dims`, `is ${nDims} (must be 1…${MAX_DIMS})`);
    const dims: number[] = [];
    for (let d = 0; d < nDims; d++) dims.push(await cursor.u64(`tensor "${name}" dim ${d}`));
    const ggmlType = await cursor.u32(`tensor "${name}" type`);
    const format = formatForGgmlType(ggmlType);
    if (!format)
      throw cursor.corrupt(
        `tensor "${name}" type`,
        `is ggml type ${ggmlType}, which lowbit does not know`,
      );
    trace('tensor-offset', cursor.position);
    const offset = await cursor.u64(`tensor "${name}" offset`);
    const count = dims.reduce((a, b) => a * b, 1);
    if (!Number.isSafeInteger(count))
      throw cursor.corrupt(`tensor "${name}" dims`, `multiply to more than 2^53 values`);
    if (format.block && dims[0]! % format.block.size !== 0) {
      throw cursor.corrupt(
        `tensor "${name}" dims`,
        `have rows of ${dims[0]}, not a multiple of ${format.name}'s block of ${format.block.size}`,
      );
    }
    if (offset % alignment !== 0)
      throw cursor.corrupt(`tensor "${name}" offset`, `${offset} is not aligned to ${alignment}`);
    tensors.push({
      name,
      dims,
      shape: [...dims].reverse(),
      ggmlType,
      format,
      offset,
      byteLength: format.byteLength(count),
    });
  }

  const dataOffset = Math.ceil(cursor.position / alignment) * alignment;
  trace('data', dataOffset);
  const dataSize = source.size - dataOffset;
  const sorted = [...tensors].sort((a, b) => a.offset - b.offset);
  for (let i = 0; i < sorted.length; i++) {
    const t = sorted[i]!;
    if (t.offset + t.byteLength > dataSize) {
      fail(
        ErrorCode.TensorOutOfBounds,
        `${file}: tensor "${t.name}" spans data bytes ${t.offset}…${t.offset + t.byteLength} but the data section has ${Math.max(0, dataSize)}; the file is truncated or corrupt.`,
        { tensor: t.name, offset: t.offset, byteLength: t.byteLength, dataSize },
      );
    }
    const next = sorted[i + 1];
    if (next && t.offset + t.byteLength > next.offset) {
      fail(
        ErrorCode.FileCorrupt,
        `${file}: tensors "${t.name}" and "${next.name}" overlap in the data section.`,
        {
          tensors: [t.name, next.name],
        },
      );
    }
  }
  return { version: version as 2 | 3, metadata, tensors, alignment, dataOffset };
}
