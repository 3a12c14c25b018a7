/**
 * Which single-file container a source holds: GGUF by its magic, safetensors by its header
 * (an 8-byte length, then the JSON header's `{`), a llama2.c checkpoint by its `.bin` name (its
 * header is seven bare int32s, so there is no magic to go by).
 */
import { type ByteSource, ErrorCode, LowbitError } from '@lowbit/core';
import { GGUF_MAGIC } from '@lowbit/gguf';

export type FileContainer = 'gguf' | 'safetensors' | 'llama2c';

const OPEN_BRACE = 0x7b;

export async function detectContainer(source: ByteSource, name: string): Promise<FileContainer> {
  if (source.size >= 4) {
    const head = await source.read(0, Math.min(9, source.size));
    const magic = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(0, true);
    if (magic === GGUF_MAGIC) return 'gguf';
    if (head.length === 9 && head[8] === OPEN_BRACE) return 'safetensors';
  }
  if (name.endsWith('.bin')) return 'llama2c';
  throw new LowbitError(
    ErrorCode.FileCorrupt,
    `Cannot tell what "${name}" is: not GGUF (magic), not safetensors (JSON header), not a .bin llama2.c checkpoint. Give a .gguf, .safetensors or llama2.c .bin file.`,
    { details: { name } },
  );
}
