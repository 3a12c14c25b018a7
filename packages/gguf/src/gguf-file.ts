/** An opened GGUF file: header in memory, tensor infos built on demand, tensors read lazily by name. */
import { type ByteSource, checkRange, didYouMean, ErrorCode, LowbitError } from '@lowbit/core';
import { type GgufHeader, type ReadOptions, readGgufHeader } from './reader.ts';
import type { GgufTensorInfo, GgufTensorTable } from './tensor-table.ts';
import type { GgufArray, GgufScalar, GgufValue } from './value-types.ts';

export class GgufFile implements GgufHeader {
  readonly version: 2 | 3;
  readonly metadata: Map<string, GgufValue>;
  readonly tensorTable: GgufTensorTable;
  readonly alignment: number;
  readonly dataOffset: number;

  constructor(
    header: GgufHeader,
    readonly source: ByteSource,
  ) {
    this.version = header.version;
    this.metadata = header.metadata;
    this.tensorTable = header.tensorTable;
    this.alignment = header.alignment;
    this.dataOffset = header.dataOffset;
  }

  /** Every tensor info in file order, built on first access and cached; prefer `tensorAt`/`tensorInfo`. */
  get tensors(): readonly GgufTensorInfo[] {
    return this.tensorTable.all();
  }

  get tensorCount(): number {
    return this.tensorTable.count;
  }

  /** Tensor `i` in file order (0 ≤ i < tensorCount). */
  tensorAt(i: number): GgufTensorInfo {
    return this.tensorTable.at(i);
  }

  /** A metadata value (scalars as numbers/bigints/booleans/strings, arrays as GgufArray). */
  get(key: string): GgufScalar | GgufArray | undefined {
    return this.metadata.get(key)?.value;
  }

  tensorInfo(name: string): GgufTensorInfo {
    const i = this.tensorTable.indexOf(name);
    if (i >= 0) return this.tensorTable.at(i);
    throw new LowbitError(
      ErrorCode.Argument,
      `No tensor named "${name}" in this GGUF file.${didYouMean(name, this.tensorTable.names())}`,
      {
        details: { tensor: name },
      },
    );
  }

  /** The tensor's packed bytes, read from the source (only this range). */
  async readTensorBytes(name: string): Promise<Uint8Array> {
    return this.#bytesOf(this.tensorInfo(name));
  }

  /** The tensor decoded to float32 with its format's codec. */
  async readTensor(name: string): Promise<Float32Array> {
    const info = this.tensorInfo(name);
    return info.format.decode(
      await this.#bytesOf(info),
      info.dims.reduce((a, b) => a * b, 1),
    );
  }

  #bytesOf(info: GgufTensorInfo): Promise<Uint8Array> {
    const at = this.dataOffset + info.offset;
    checkRange(this.source, at, info.byteLength, `tensor "${info.name}"`);
    return this.source.read(at, info.byteLength);
  }

  async close(): Promise<void> {
    await this.source.close?.();
  }
}

/** Parses a GGUF file's header; tensors stay in the source until read. */
export async function openGguf(source: ByteSource, options: ReadOptions = {}): Promise<GgufFile> {
  return new GgufFile(await readGgufHeader(source, options), source);
}
