/**
 * The GGUF metadata of any model source, for writing it as GGUF (`convert`, `quantize`): a GGUF's
 * own keys, GGUF keys carried through safetensors, or the llama.* keys of a llama2.c header.
 */
import { GgufType, type GgufValue } from '@lowbit/gguf';
import type { ModelFile } from '@lowbit/models';
import { ggufMetadataFromSafetensors } from '../safetensors-gguf-metadata.ts';

/** The GGUF metadata of any source: its own, decoded from safetensors, or llama2.c's config. */
export function ggufMetadata(model: ModelFile): Map<string, GgufValue> {
  if (model.container === 'gguf') return new Map(model.metadata);
  if (model.container !== 'llama2c') return ggufMetadataFromSafetensors(model.metadata);
  const metadata = new Map<string, GgufValue>();
  const s = model.config;
  const u32 = (value: number): GgufValue => ({ type: GgufType.UINT32, value });
  metadata.set('general.architecture', { type: GgufType.STRING, value: 'llama' });
  metadata.set('general.name', { type: GgufType.STRING, value: 'llama2.c checkpoint' });
  metadata.set('llama.context_length', u32(s.seqLen));
  metadata.set('llama.embedding_length', u32(s.dim));
  metadata.set('llama.feed_forward_length', u32(s.hiddenDim));
  metadata.set('llama.block_count', u32(s.layers));
  metadata.set('llama.attention.head_count', u32(s.heads));
  metadata.set('llama.attention.head_count_kv', u32(s.kvHeads));
  metadata.set('llama.rope.dimension_count', u32(s.dim / s.heads));
  metadata.set('llama.attention.layer_norm_rms_epsilon', { type: GgufType.FLOAT32, value: 1e-5 });
  return metadata;
}
