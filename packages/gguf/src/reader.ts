/**
 * GGUF v2/v3 reader (ggml's docs/gguf.md). Parses the header, metadata and tensor infos from
 * a ByteSource; tensor data is read only when asked for. Hostile files get coded errors:
 * every count, length and offset is checked against the bytes that remain before anything is
 * allocated; strings, arrays and nesting are capped; tensors must lie inside the data section,
 * be aligned, and not overlap. Tensor infos go into typed columns (tensor-table.ts), not objects.
 */

import type { ByteSource } from '@lowbit/core';
import { ErrorCode, LowbitError } from '@lowbit/core';
import { formatForGgmlType } from '@lowbit/formats';
import { Cursor, type ReadStats } from './cursor.ts';
import { readValue } from './metadata-values.ts';
import { type GgufTensorInfo, type GgufTensorTable, TensorColumns } from './tensor-table.ts';
import { decodeUtf8 } from './utf8.ts';
import { GgufType, type GgufTypeId, type GgufValue } from './value-types.ts';

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

export interface GgufHeader {
  version: 2 | 3;
  metadata: Map<string, GgufValue>;
  /** The tensor infos, column-stored: count, by index, by name, without building them all. */
  tensorTable: GgufTensorTable;
  /** Every tensor info in file order: built on first access, then cached (opening builds none). */
  readonly tensors: readonly GgufTensorInfo[];
  alignment: number;
  /** Absolute offset of the data section. */
  dataOffset: number;
}

/** Scratch for one tensor's dims, reused: a header of a million tensors allocates no array each. */
const dims = new Float64Array(MAX_DIMS);

/** One tensor info (name, dims, type, offset), checked, appended to `table`. */
function readTensorInfo(
  cursor: Cursor,
  i: number,
  limits: GgufLimits,
  alignment: number,
  trace: (field: string, offset: number) => void,
  table: TensorColumns,
): void {
  // One label per tensor, naming the field being read (a closure per field would cost millions).
  let part = '';
  const label = () => (part === '' ? `tensor #${i} name` : `tensor "${decodeUtf8(name)}" ${part}`);
  const name = cursor.stringBytes(label, limits.maxStringBytes);
  part = 'n_dims';
  const nDims = cursor.u32(label);
  if (nDims < 1 || nDims > MAX_DIMS)
    throw cursor.corrupt(label, `is ${nDims} (must be 1…${MAX_DIMS})`);
  part = 'dim';
  let count = 1;
  for (let d = 0; d < nDims; d++) {
    dims[d] = cursor.u64(label);
    count *= dims[d]!;
  }
  part = 'type';
  const ggmlType = cursor.u32(label);
  const format = formatForGgmlType(ggmlType);
  if (!format) throw cursor.corrupt(label, `is ggml type ${ggmlType}, which lowbit does not know`);
  trace('tensor-offset', cursor.position);
  part = 'offset';
  const offset = cursor.u64(label);
  part = 'dims';
  if (!Number.isSafeInteger(count))
    throw cursor.corrupt(label, `multiply to more than 2^53 values`);
  if (format.block && dims[0]! % format.block.size !== 0) {
    throw cursor.corrupt(
      label,
      `have rows of ${dims[0]}, not a multiple of ${format.name}'s block of ${format.block.size}`,
    );
  }
  part = 'offset';
  if (offset % alignment !== 0)
    throw cursor.corrupt(label, `${offset} is not aligned to ${alignment}`);
  table.add(name, dims, nDims, ggmlType, offset);
}

/** Every tensor inside the data section (`dataSize` bytes), none overlapping another. */
function checkLayout(table: TensorColumns, dataSize: number, file: string): void {
  const order = table.byOffset();
  for (let k = 0; k < order.length; k++) {
    const t = order[k]!;
    const offset = table.offset(t);
    const byteLength = table.byteLength(t);
    if (offset + byteLength > dataSize) {
      const name = table.name(t);
      fail(
        ErrorCode.TensorOutOfBounds,
        `${file}: tensor "${name}" spans data bytes ${offset}…${offset + byteLength} but the data section has ${Math.max(0, dataSize)}; the file is truncated or corrupt.`,
        { tensor: name, offset, byteLength, dataSize },
      );
    }
    const next = order[k + 1];
    if (next !== undefined && offset + byteLength > table.offset(next)) {
      const names = [table.name(t), table.name(next)];
      fail(
        ErrorCode.FileCorrupt,
        `${file}: tensors "${names[0]}" and "${names[1]}" overlap in the data section.`,
        { tensors: names },
      );
    }
  }
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
  /**
   * Called with each structure's name and absolute offset as parsing reaches it (inspection,
   * fuzzing); an item that straddles a read window is parsed, and traced, again.
   */
  trace?: (field: string, offset: number) => void;
  /** Counts the work the read does (bytes fetched, values decoded), to bound it; starts from its values. */
  stats?: ReadStats;
}

export async function readGgufHeader(
  source: ByteSource,
  options: ReadOptions = {},
): Promise<GgufHeader> {
  const file = options.name ?? 'GGUF file';
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const cursor = new Cursor(source, file, 0, options.stats);
  const trace = options.trace ?? (() => {});
  const magic = await cursor.item(() => cursor.u32('magic'));
  if (magic !== GGUF_MAGIC) {
    fail(
      ErrorCode.FileCorrupt,
      `${file} is not a GGUF file (magic 0x${magic.toString(16)}, expected "GGUF").`,
      { field: 'magic', offset: 0 },
    );
  }
  const version = await cursor.item(() => cursor.u32('version'));
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
  const tensorCount = await cursor.item(() => cursor.u64('tensor_count'));
  trace('metadata_kv_count', cursor.position);
  const kvCount = await cursor.item(() => cursor.u64('metadata_kv_count'));
  // Each key/value takes at least 8 (key length) + 4 (type) + 1 bytes; each tensor info 8 + 4 + 4 + 8.
  if (kvCount * 13 > cursor.remaining) throw cursor.truncated('metadata', kvCount * 13);
  if (tensorCount * 24 > cursor.remaining) throw cursor.truncated('tensor infos', tensorCount * 24);

  const metadata = new Map<string, GgufValue>();
  await cursor.each(kvCount, (i) => {
    trace('kv', cursor.position);
    const key = cursor.string(() => `metadata key #${i}`, limits.maxStringBytes);
    if (metadata.has(key)) throw cursor.corrupt(`metadata key "${key}"`, 'appears twice');
    const type = cursor.u32(() => `type of "${key}"`);
    trace('kv-value', cursor.position);
    const value = readValue(cursor, type, () => `value of "${key}"`, limits);
    metadata.set(key, { type: type as GgufTypeId, value });
  });

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

  const table = new TensorColumns(cursor.stats);
  await cursor.each(tensorCount, (i) => {
    trace('tensor', cursor.position);
    readTensorInfo(cursor, i, limits, alignment, trace, table);
  });

  const repeated = table.indexNames();
  if (repeated >= 0) {
    const name = table.name(repeated);
    fail(ErrorCode.FileCorrupt, `${file}: tensor "${name}" (#${repeated}) is defined twice.`, {
      tensor: name,
    });
  }
  const dataOffset = Math.ceil(cursor.position / alignment) * alignment;
  trace('data', dataOffset);
  checkLayout(table, source.size - dataOffset, file);
  return {
    version: version as 2 | 3,
    metadata,
    tensorTable: table,
    get tensors() {
      return table.all();
    },
    alignment,
    dataOffset,
  };
}
