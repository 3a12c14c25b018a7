/** An opened safetensors file: header in memory, tensors read lazily by name. */
import { type ByteSource, didYouMean, ErrorCode, LowbitError } from '@lowbit/core';
import {
  readSafetensorsHeader,
  type SafetensorsHeader,
  type SafetensorsTensorInfo,
} from './reader.ts';

export class SafetensorsFile implements SafetensorsHeader {
  readonly metadata: Record<string, string>;
  readonly tensors: SafetensorsTensorInfo[];
  readonly dataOffset: number;
  private readonly byName: Map<string, SafetensorsTensorInfo>;

  constructor(
    header: SafetensorsHeader,
    readonly source: ByteSource,
  ) {
    this.metadata = header.metadata;
    this.tensors = header.tensors;
    this.dataOffset = header.dataOffset;
    this.byName = new Map(header.tensors.map((t) => [t.name, t]));
  }

  tensorInfo(name: string): SafetensorsTensorInfo {
    const info = this.byName.get(name);
    if (info) return info;
    throw new LowbitError(
      ErrorCode.Argument,
      `No tensor named "${name}".${didYouMean(
        name,
        this.tensors.map((t) => t.name),
      )}`,
    );
  }

  async readTensorBytes(name: string): Promise<Uint8Array> {
    const t = this.tensorInfo(name);
    return this.source.read(this.dataOffset + t.begin, t.end - t.begin);
  }

  /** Values as float32 (formats decode through their codec; integers and F64 are converted). */
  async readTensor(name: string): Promise<Float32Array> {
    const t = this.tensorInfo(name);
    const bytes = await this.readTensorBytes(name);
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (t.dtype.format) return t.dtype.format.decode(bytes, count);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return Float32Array.from({ length: count }, (_, i) => t.dtype.read!(view, i));
  }

  async close(): Promise<void> {
    await this.source.close?.();
  }
}

export async function openSafetensors(source: ByteSource, name?: string): Promise<SafetensorsFile> {
  return new SafetensorsFile(await readSafetensorsHeader(source, name), source);
}
