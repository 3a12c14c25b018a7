import { gguf } from '@huggingface/gguf';
import { openGgufFile } from '@lowbit/gguf/node';
import { cell, measure, ratio } from '../measure.mjs';

export const title = 'GGUF header parse (metadata + tensor infos) from a local file — ms per file';
export const targets = 'Peer: @huggingface/gguf with typed metadata, same file, same process.';

const files = ['ggml-vocab-llama-spm.gguf', 'stories260K-q4_0.gguf'];

export async function run({ quick }) {
  const rows = [];
  for (const name of quick ? files.slice(0, 1) : files) {
    const path = new URL(`../../../../fixtures/gguf/${name}`, import.meta.url).pathname;
    const ms = await measure(
      {
        lowbit: async () => (await openGgufFile(path)).close(),
        peer: () => gguf(path, { allowLocalFile: true, typedMetadata: true }),
      },
      { quick },
    );
    const unit = (t) => t;
    rows.push([
      name,
      cell(ms, 'lowbit', unit),
      cell(ms, 'peer', unit),
      ratio(ms, 'peer', 'lowbit'),
    ]);
  }
  return { headers: ['file', 'lowbit', '@huggingface/gguf', 'lowbit vs peer'], rows };
}
