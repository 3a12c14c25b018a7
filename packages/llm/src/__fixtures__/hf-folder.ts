/**
 * stories260K rewritten as a Hugging Face folder (config.json + model.safetensors): transformers'
 * names, and q/k rows permuted as convert_llama_weights_to_hf.py's `permute` does for rotate-half
 * RoPE — within each head, Meta's interleaved pair (2i, 2i+1) becomes rows (i, i + d/2).
 */
import { bytesSource } from '@lowbit/core';
import type { ModelFolder } from '@lowbit/models';
import { serializeSafetensors } from '@lowbit/safetensors';
import { hfTensorName } from '../model/tensor-names.ts';

/** transformers' permute(w, heads): rows [heads, d/2, 2] → [heads, 2, d/2]. */
export function permuteForRotateHalf(w: Float32Array, rows: number, heads: number): Float32Array {
  const cols = w.length / rows;
  const d = rows / heads;
  const out = new Float32Array(w.length);
  for (let h = 0; h < heads; h++)
    for (let i = 0; i < d / 2; i++)
      for (let half = 0; half < 2; half++) {
        const from = (h * d + 2 * i + half) * cols;
        const to = (h * d + half * (d / 2) + i) * cols;
        out.set(w.subarray(from, from + cols), to);
      }
  return out;
}

export interface HfFolderTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

export function hfFolder(config: Record<string, unknown>, tensors: HfFolderTensor[]): ModelFolder {
  const files: Record<string, Uint8Array> = {
    'config.json': new TextEncoder().encode(JSON.stringify(config)),
    'model.safetensors': serializeSafetensors(
      tensors.map((t) => ({
        name: hfTensorName(t.name),
        dtype: 'F32',
        shape: t.shape,
        data: new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength),
      })),
      { format: 'pt' },
    ),
  };
  return {
    name: 'hf-test',
    files: Object.keys(files),
    open: async (file) => bytesSource(files[file]!),
  };
}
