/**
 * GGUF writer: header, metadata (each value in its recorded type), tensor infos, then the data
 * section, every tensor starting at a multiple of the alignment and padded with zeros — the
 * layout ggml's own writer produces, so read → write reproduces a ggml-written file byte for byte.
 */
import { ErrorCode, LowbitError } from '@lowbit/core';
import { formatForGgmlType } from '@lowbit/formats';
import { EncodedGgufArray } from './metadata-values.ts';
import { DEFAULT_ALIGNMENT, GGUF_MAGIC } from './reader.ts';
import { type GgufArray, type GgufScalar, GgufType, type GgufValue } from './value-types.ts';

export interface GgufTensorInput {
  name: string;
  /** GGUF dims, fastest-varying first. */
  dims: readonly number[];
  ggmlType: number;
  data: Uint8Array;
}

export interface GgufInput {
  version?: 2 | 3;
  metadata: ReadonlyMap<string, GgufValue>;
  tensors: readonly GgufTensorInput[];
}

const encoder = new TextEncoder();

class Output {
  private chunks: Uint8Array[] = [];
  length = 0;

  push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  scalar(size: number, write: (view: DataView) => void): void {
    const bytes = new Uint8Array(size);
    write(new DataView(bytes.buffer));
    this.push(bytes);
  }

  u32(v: number): void {
    this.scalar(4, (d) => d.setUint32(0, v, true));
  }

  u64(v: number | bigint): void {
    this.scalar(8, (d) => d.setBigUint64(0, BigInt(v), true));
  }

  string(s: string): void {
    const bytes = encoder.encode(s);
    this.u64(bytes.length);
    this.push(bytes);
  }

  pad(alignment: number): void {
    const extra = (alignment - (this.length % alignment)) % alignment;
    if (extra) this.push(new Uint8Array(extra));
  }

  concat(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

function invalid(message: string): never {
  throw new LowbitError(ErrorCode.Argument, message);
}

type ScalarWriter = [
  size: number,
  write: (view: DataView, value: GgufScalar) => void,
  accepts: (value: GgufScalar) => boolean,
];

const isNumber = (v: GgufScalar) => typeof v === 'number';
const isInteger64 = (v: GgufScalar) => typeof v === 'bigint' || typeof v === 'number';

const SCALAR_WRITERS: Partial<Record<number, ScalarWriter>> = {
  [GgufType.UINT8]: [1, (d, v) => d.setUint8(0, Number(v)), isNumber],
  [GgufType.INT8]: [1, (d, v) => d.setInt8(0, Number(v)), isNumber],
  [GgufType.BOOL]: [1, (d, v) => d.setUint8(0, v ? 1 : 0), (v) => typeof v === 'boolean'],
  [GgufType.UINT16]: [2, (d, v) => d.setUint16(0, Number(v), true), isNumber],
  [GgufType.INT16]: [2, (d, v) => d.setInt16(0, Number(v), true), isNumber],
  [GgufType.UINT32]: [4, (d, v) => d.setUint32(0, Number(v), true), isNumber],
  [GgufType.INT32]: [4, (d, v) => d.setInt32(0, Number(v), true), isNumber],
  [GgufType.FLOAT32]: [4, (d, v) => d.setFloat32(0, Number(v), true), isNumber],
  [GgufType.UINT64]: [8, (d, v) => d.setBigUint64(0, BigInt(v), true), isInteger64],
  [GgufType.INT64]: [8, (d, v) => d.setBigInt64(0, BigInt(v), true), isInteger64],
  [GgufType.FLOAT64]: [8, (d, v) => d.setFloat64(0, Number(v), true), isNumber],
};

function writeScalar(out: Output, type: number, value: GgufScalar, key: string): void {
  if (type === GgufType.STRING) {
    if (typeof value !== 'string') invalid(`Metadata "${key}": ${String(value)} is not a string.`);
    out.string(value);
    return;
  }
  const writer = SCALAR_WRITERS[type] ?? invalid(`Metadata "${key}": unknown GGUF type ${type}.`);
  if (!writer[2](value))
    invalid(`Metadata "${key}": value ${String(value)} does not fit GGUF type ${type}.`);
  out.scalar(writer[0], (view) => writer[1](view, value));
}

function writeValue(out: Output, type: number, value: GgufScalar | GgufArray, key: string): void {
  if (type !== GgufType.ARRAY) {
    writeScalar(out, type, value as GgufScalar, key);
    return;
  }
  const array = value as GgufArray;
  out.u32(array.itemType);
  if (array instanceof EncodedGgufArray) {
    // Read from a file and unchanged (its decoded items are frozen): copy its bytes as they were.
    out.u64(array.length);
    out.push(array.encoded);
    return;
  }
  out.u64(array.items.length);
  for (const item of array.items) writeValue(out, array.itemType, item, key);
}

/** Serialises a GGUF file to bytes. */
export function serializeGguf(input: GgufInput): Uint8Array {
  const alignmentValue = input.metadata.get('general.alignment');
  const alignment = alignmentValue ? Number(alignmentValue.value) : DEFAULT_ALIGNMENT;
  const out = new Output();
  out.u32(GGUF_MAGIC);
  out.u32(input.version ?? 3);
  out.u64(input.tensors.length);
  out.u64(input.metadata.size);
  for (const [key, { type, value }] of input.metadata) {
    out.string(key);
    out.u32(type);
    writeValue(out, type, value, key);
  }
  let offset = 0;
  for (const t of input.tensors) {
    const format =
      formatForGgmlType(t.ggmlType) ??
      invalid(`Tensor "${t.name}": unknown ggml type ${t.ggmlType}.`);
    const count = t.dims.reduce((a, b) => a * b, 1);
    if (format.byteLength(count) !== t.data.length) {
      invalid(
        `Tensor "${t.name}": ${t.data.length} bytes given, but ${format.name} × [${t.dims.join(', ')}] takes ${format.byteLength(count)}.`,
      );
    }
    out.string(t.name);
    out.u32(t.dims.length);
    for (const d of t.dims) out.u64(d);
    out.u32(t.ggmlType);
    out.u64(offset);
    offset += Math.ceil(t.data.length / alignment) * alignment;
  }
  // ggml pads to the data section only when there is one (vocab-only files end unpadded).
  if (input.tensors.length > 0) out.pad(alignment);
  for (const t of input.tensors) {
    out.push(t.data);
    out.pad(alignment);
  }
  return out.concat();
}
