/**
 * @lowbit/gguf — GGUF v2/v3 container: read (lazily, from bytes, Blobs or — via
 * `@lowbit/gguf/node` — files), write, and typed metadata helpers. Block codecs come from
 * @lowbit/formats (every ggml type id maps to a format).
 */

export type { ReadStats } from './cursor.ts';
export { GgufFile, openGguf } from './gguf-file.ts';
export type { LlamaHyperparameters, TokenizerData } from './metadata.ts';
export { architectureOf, llamaHyperparameters, tokenizerOf } from './metadata.ts';
export { EncodedGgufArray } from './metadata-values.ts';
export type { GgufHeader, GgufLimits, ReadOptions } from './reader.ts';
export { DEFAULT_ALIGNMENT, DEFAULT_LIMITS, GGUF_MAGIC, readGgufHeader } from './reader.ts';
export type { GgufTensorInfo, GgufTensorTable } from './tensor-table.ts';
export type { GgufArray, GgufScalar, GgufTypeId, GgufValue } from './value-types.ts';
export { GgufType } from './value-types.ts';
export type { GgufInput, GgufTensorInput } from './writer.ts';
export { serializeGguf } from './writer.ts';

import type { GgufFile } from './gguf-file.ts';
import type { GgufInput } from './writer.ts';

/** Everything needed to write `file` back out (reads every tensor's bytes). */
export async function toGgufInput(file: GgufFile): Promise<GgufInput> {
  const tensors = [];
  for (let i = 0; i < file.tensorCount; i++) {
    const t = file.tensorAt(i);
    tensors.push({
      name: t.name,
      dims: t.dims,
      ggmlType: t.ggmlType,
      data: await file.readTensorBytes(t.name),
    });
  }
  return { version: file.version, metadata: file.metadata, tensors };
}
