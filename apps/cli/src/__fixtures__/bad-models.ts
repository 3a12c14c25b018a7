/**
 * Model files that must fail with a coded error, crafted from stories260K.gguf with
 * @lowbit/gguf's writer: another architecture, a cut file, a tensor of an unknown ggml type.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesSource } from '@lowbit/core';
import { GgufType, openGguf, serializeGguf, toGgufInput } from '@lowbit/gguf';

export const fixture = (path: string) =>
  fileURLToPath(new URL(`../../../../fixtures/${path}`, import.meta.url));

const stories = () => new Uint8Array(readFileSync(fixture('gguf/stories260K.gguf')));

/** stories260K.gguf with `general.architecture = 'gpt-j'` (its llama.* keys renamed to match). */
export async function gptjGguf(dir: string): Promise<string> {
  const input = await toGgufInput(await openGguf(bytesSource(stories())));
  const metadata = new Map(
    [...input.metadata].map(([key, value]) => [key.replace(/^llama\./, 'gpt-j.'), value]),
  );
  metadata.set('general.architecture', { type: GgufType.STRING, value: 'gpt-j' });
  const path = join(dir, 'gpt-j.gguf');
  writeFileSync(path, serializeGguf({ ...input, metadata }));
  return path;
}

/** A cut header is E_FILE_TRUNCATED; a tensor past the cut data section, E_TENSOR_OUT_OF_BOUNDS. */
export const TRUNCATED = /^E_(FILE_TRUNCATED|TENSOR_OUT_OF_BOUNDS): .*the file is truncated/;

/** stories260K.gguf cut at `bytes` (default: in its tensor data; 2000 cuts its header). */
export function truncatedGguf(dir: string, bytes = 600_000): string {
  const path = join(dir, `truncated-${bytes}.gguf`);
  writeFileSync(path, stories().subarray(0, bytes));
  return path;
}

/**
 * stories260K.gguf whose `token_embd.weight` claims ggml type 99, which no version of ggml defines
 * (patched in place: the writer refuses to write it). Its tensor info is the name's last
 * occurrence in the header (metadata comes first): name, n_dims u32, dims u64 each, type u32.
 */
export function unknownTypeGguf(dir: string): string {
  const bytes = stories();
  const name = new TextEncoder().encode('token_embd.weight');
  const at = Buffer.from(bytes).lastIndexOf(Buffer.from(name)) + name.length;
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  view.setUint32(at + 4 + 8 * view.getUint32(at, true), 99, true);
  const path = join(dir, 'unknown-type.gguf');
  writeFileSync(path, bytes);
  return path;
}
