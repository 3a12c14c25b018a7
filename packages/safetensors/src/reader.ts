/**
 * safetensors reader, validating the header as strictly as the reference implementation
 * (huggingface/safetensors, `SafeTensors::read_metadata` / `Metadata::validate`): an 8-byte
 * little-endian header length capped at 100 MB and within the file, a JSON object whose entries
 * are `{dtype, shape, data_offsets}` (plus an optional `__metadata__` of string values), a known
 * dtype, byte length = shape product × dtype size, and offsets that tile the data section exactly
 * — sorted, starting at 0, no gaps, no overlaps, ending at the end of the file. Before JSON.parse,
 * header-scan.ts refuses nesting deeper than the format's three levels and duplicate keys.
 */
import { type ByteSource, checkRange, ErrorCode, LowbitError } from '@lowbit/core';
import { DTYPES, type Dtype, dtypeBytes } from './dtypes.ts';
import { scanHeader } from './header-scan.ts';

export const MAX_HEADER_SIZE = 100_000_000;

export interface SafetensorsTensorInfo {
  name: string;
  dtype: Dtype;
  shape: number[];
  /** Offsets relative to the data section. */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  metadata: Record<string, string>;
  tensors: SafetensorsTensorInfo[];
  /** Absolute offset of the data section (8 + header length). */
  dataOffset: number;
}

function corrupt(
  file: string,
  message: string,
  details: Record<string, unknown> = {},
): LowbitError {
  return new LowbitError(ErrorCode.FileCorrupt, `${file}: ${message}.`, { details });
}

export async function readSafetensorsHeader(
  source: ByteSource,
  name = 'safetensors file',
): Promise<SafetensorsHeader> {
  if (source.size < 8) {
    throw new LowbitError(
      ErrorCode.FileTruncated,
      `${name} is ${source.size} bytes; a safetensors file starts with an 8-byte header length.`,
    );
  }
  const lengthBytes = await source.read(0, 8);
  const headerLength = new DataView(lengthBytes.buffer, lengthBytes.byteOffset, 8).getBigUint64(
    0,
    true,
  );
  if (headerLength > BigInt(MAX_HEADER_SIZE))
    throw corrupt(name, `header length ${headerLength} exceeds the ${MAX_HEADER_SIZE}-byte limit`, {
      field: 'header length',
    });
  const n = Number(headerLength);
  checkRange(source, 8, n, 'the JSON header');
  const text = new TextDecoder('utf-8', { fatal: false }).decode(await source.read(8, n));
  scanHeader(text, name);
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    throw corrupt(name, `header is not valid JSON (${(error as Error).message})`, {
      field: 'header',
    });
  }
  if (!header || typeof header !== 'object' || Array.isArray(header))
    throw corrupt(name, 'header is not a JSON object');

  const metadata: Record<string, string> = {};
  const tensors: SafetensorsTensorInfo[] = [];
  for (const [key, entry] of Object.entries(header as Record<string, unknown>)) {
    if (key === '__metadata__') {
      if (!entry || typeof entry !== 'object' || Array.isArray(entry))
        throw corrupt(name, '__metadata__ is not an object of strings');
      for (const [k, v] of Object.entries(entry)) {
        if (typeof v !== 'string')
          throw corrupt(name, `__metadata__["${k}"] is not a string`, { field: k });
        metadata[k] = v;
      }
      continue;
    }
    const info = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = typeof info?.dtype === 'string' ? DTYPES.get(info.dtype) : undefined;
    if (!dtype)
      throw corrupt(name, `tensor "${key}" has unknown dtype ${JSON.stringify(info?.dtype)}`, {
        tensor: key,
      });
    const shape = info.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw corrupt(name, `tensor "${key}" has an invalid shape ${JSON.stringify(shape)}`, {
        tensor: key,
      });
    }
    const offsets = info.data_offsets;
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
      offsets[0] > offsets[1]
    ) {
      throw corrupt(name, `tensor "${key}" has invalid data_offsets ${JSON.stringify(offsets)}`, {
        tensor: key,
      });
    }
    const count = shape.reduce((a: number, b: number) => a * b, 1);
    if (!Number.isSafeInteger(count) || (count * dtype.bits) % 8 !== 0) {
      throw corrupt(
        name,
        `tensor "${key}" shape ${JSON.stringify(shape)} is not a whole number of bytes of ${dtype.name}`,
        { tensor: key },
      );
    }
    if (dtypeBytes(dtype, count) !== offsets[1] - offsets[0]) {
      throw corrupt(
        name,
        `tensor "${key}" spans ${offsets[1] - offsets[0]} bytes but ${dtype.name} × ${JSON.stringify(shape)} takes ${dtypeBytes(dtype, count)}`,
        {
          tensor: key,
        },
      );
    }
    tensors.push({ name: key, dtype, shape, begin: offsets[0], end: offsets[1] });
  }

  const dataOffset = 8 + n;
  const sorted = [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const t of sorted) {
    if (t.begin !== expected) {
      throw corrupt(
        name,
        t.begin > expected
          ? `a gap of ${t.begin - expected} bytes precedes tensor "${t.name}"`
          : `tensor "${t.name}" overlaps the tensor before it`,
        {
          tensor: t.name,
        },
      );
    }
    expected = t.end;
  }
  const dataSize = source.size - dataOffset;
  if (expected !== dataSize) {
    throw new LowbitError(
      expected > dataSize ? ErrorCode.TensorOutOfBounds : ErrorCode.FileCorrupt,
      `${name}: tensors cover ${expected} data bytes but the file holds ${dataSize}; it is ${expected > dataSize ? 'truncated' : 'padded with unexplained bytes'}.`,
      { details: { covered: expected, dataSize } },
    );
  }
  return { metadata, tensors, dataOffset };
}
