/** An opened GGUF file: header in memory, tensors read lazily by name. */
import { type ByteSource, checkRange, didYouMean, ErrorCode, LowbitError } from '@lowbit/core';
import {
  type GgufHeader,
  type GgufTensorInfo,
  type ReadOptions,
  readGgufHeader,
} from './reader.ts';
import type { GgufArray, GgufScalar, GgufValue } from './value-types.ts';

export class GgufFile implements GgufHeader {
  readonly version: 2 | 3;
  readonly metadata: Map<string, GgufValue>;
  readonly tensors: GgufTensorInfo[];
  readonly alignment: number;
  readonly dataOffset: number;
  /** Built on the first lookup: opening a file with a million tensors need not index them. */
  private byName: Map<string, GgufTensorInfo> | undefined;

  constructor(
    header: GgufHeader,
    readonly source: ByteSource,
  ) {
    this.version = header.version;
    this.metadata = header.metadata;
    this.tensors = header.tensors;
    this.alignment = header.alignment;
    this.dataOffset = header.dataOffset;
  }

  /** A metadata value (scalars as numbers/bigints/booleans/strings, arrays as GgufArray). */
  get(key: string): GgufScalar | GgufArray | undefined {
    return this.metadata.get(key)?.value;
  }

  tensorInfo(name: string): GgufTensorInfo {
    this.byName ??= new Map(this.tensors.map((t) => [t.name, t]));
    const info = this.byName.get(name);
    if (info) return info;
    throw new LowbitError(
      ErrorCode.Argument,
      `No tensor named "${name}" in this GGUF file.${didYouMean(name, this.byName.keys())}`,
      {
        details: { tensor: name },
      },
    );
  }

  /** The tensor's packed bytes, read from the source (only this range). */
  async readTensorBytes(name: string): Promise<Uint8Array> {
    const info = this.tensorInfo(name);
    const at = this.dataOffset + info.offset;
    checkRange(this.source, at, info.byteLength, `tensor "${name}"`);
    return this.source.read(at, info.byteLength);
  }

  /** The tensor decoded to float32 with its format's codec. */
  async readTensor(name: string): Promise<Float32Array> {
    const info = this.tensorInfo(name);
    return info.format.decode(
      await this.readTensorBytes(name),
      info.dims.reduce((a, b) => a * b, 1),
    );
  }

  async close(): Promise<void> {
    await this.source.close?.();
  }
}

/** Parses a GGUF file's header; tensors stay in the source until read. */
export async function openGguf(source: ByteSource, options: ReadOptions = {}): Promise<GgufFile> {
  return new GgufFile(await readGgufHeader(source, options), source);
}
