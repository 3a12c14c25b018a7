/**
 * One view over any model container the CLI reads: GGUF, safetensors or a llama2.c checkpoint,
 * detected by magic bytes (then extension). Tensors are listed with their format and read lazily.
 */
import { basename } from 'node:path';
import { type ByteSource, ErrorCode, type Format, getFormat, LowbitError } from '@lowbit/core';
import { fileSource } from '@lowbit/core/node';
import { GGUF_MAGIC, type GgufFile, openGguf } from '@lowbit/gguf';
import { openLlama2c } from '@lowbit/llama2c';
import { openSafetensors } from '@lowbit/safetensors';

export type Container = 'gguf' | 'safetensors' | 'llama2c';

export interface ModelTensor {
  name: string;
  shape: number[];
  /** Registered format name, or the container's own dtype name when lowbit has no format for it. */
  type: string;
  format: Format | undefined;
  bytes: number;
}

export interface ModelFile {
  container: Container;
  summary: Record<string, string | number | boolean>;
  tensors: ModelTensor[];
  read(name: string): Promise<Float32Array>;
  readBytes(name: string): Promise<Uint8Array>;
  gguf?: GgufFile;
  metadata?: Record<string, string>;
  close(): Promise<void>;
}

async function detect(source: ByteSource, path: string): Promise<Container> {
  if (source.size >= 4) {
    const head = await source.read(0, Math.min(9, source.size));
    if (new DataView(head.buffer, head.byteOffset).getUint32(0, true) === GGUF_MAGIC) return 'gguf';
    if (head.length === 9 && head[8] === 0x7b) return 'safetensors';
  }
  if (path.endsWith('.bin')) return 'llama2c';
  throw new LowbitError(
    ErrorCode.FileCorrupt,
    `Cannot tell what "${basename(path)}" is: not GGUF (magic), not safetensors (JSON header), not a .bin llama2.c checkpoint.`,
  );
}

export async function openModel(path: string): Promise<ModelFile> {
  const source = await fileSource(path);
  const name = basename(path);
  try {
    const container = await detect(source, path);
    if (container === 'gguf') {
      const file = await openGguf(source, { name });
      const architecture = file.get('general.architecture');
      return {
        container,
        summary: {
          version: file.version,
          'metadata keys': file.metadata.size,
          alignment: file.alignment,
          ...(typeof architecture === 'string' ? { architecture } : {}),
          ...(typeof file.get('general.name') === 'string'
            ? { name: file.get('general.name') as string }
            : {}),
        },
        tensors: file.tensors.map((t) => ({
          name: t.name,
          shape: t.shape,
          type: t.format.name,
          format: t.format,
          bytes: t.byteLength,
        })),
        read: (n) => file.readTensor(n),
        readBytes: (n) => file.readTensorBytes(n),
        gguf: file,
        close: () => file.close(),
      };
    }
    if (container === 'safetensors') {
      const file = await openSafetensors(source, name);
      return {
        container,
        summary: { 'metadata keys': Object.keys(file.metadata).length },
        tensors: file.tensors.map((t) => ({
          name: t.name,
          shape: t.shape,
          type: t.dtype.format?.name ?? t.dtype.name,
          format: t.dtype.format,
          bytes: t.end - t.begin,
        })),
        read: (n) => file.readTensor(n),
        readBytes: (n) => file.readTensorBytes(n),
        metadata: file.metadata,
        close: () => file.close(),
      };
    }
    const model = await openLlama2c(source, name);
    const f32 = getFormat('f32');
    return {
      container,
      summary: { ...model.config },
      tensors: model.tensors.map((t) => ({
        name: t.name,
        shape: t.shape,
        type: 'f32',
        format: f32,
        bytes: t.shape.reduce((a, b) => a * b, 1) * 4,
      })),
      read: (n) => model.readTensor(n),
      readBytes: async (n) => new Uint8Array((await model.readTensor(n)).buffer),
      close: () => model.close(),
    };
  } catch (error) {
    await source.close?.();
    throw error;
  }
}
