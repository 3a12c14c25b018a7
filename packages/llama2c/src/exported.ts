/**
 * llama2.c's export.py formats (karpathy/llama2.c export.py, `version1_export` and
 * `version2_export`; run.c and runq.c read them): a 256-byte header — uint32 magic "ak42", int32
 * version, the 7-int config, uint8 shared_classifier, (version 2) int32 group_size, zero padding
 * — then the RMSNorm weights in float32 (attention ×L, ffn ×L, final) and the matrices: token
 * embedding, wq ×L, wk ×L, wv ×L, wo ×L, w1 ×L, w2 ×L, w3 ×L, and the classifier unless shared.
 * Version 1 stores the matrices in float32; version 2 ("Q8_0", runq) stores each as its int8 codes
 * followed by one float32 scale per `group_size` values (symmetric, scale = max|w| / 127).
 */
import { type ByteSource, checkRange, ErrorCode, LowbitError } from '@lowbit/core';
import {
  corrupt,
  Llama2cCheckpoint,
  type Llama2cConfig,
  type Llama2cTensorInfo,
  readConfig,
} from './checkpoint.ts';

/** "ak42" read as a little-endian uint32. */
export const EXPORT_MAGIC = 0x616b3432;
export const EXPORT_HEADER_BYTES = 256;

/** The matrices in file order, under GGUF's names, with their [out, in] shapes. */
function matrices(c: Llama2cConfig): [string, number[]][] {
  const kvDim = (c.dim * c.kvHeads) / c.heads;
  const perLayer: [string, number[]][] = [
    ['attn_q', [c.dim, c.dim]],
    ['attn_k', [kvDim, c.dim]],
    ['attn_v', [kvDim, c.dim]],
    ['attn_output', [c.dim, c.dim]],
    ['ffn_gate', [c.hiddenDim, c.dim]],
    ['ffn_down', [c.dim, c.hiddenDim]],
    ['ffn_up', [c.hiddenDim, c.dim]],
  ];
  const layers = Array.from({ length: c.layers }, (_, l) => l);
  return [
    ['token_embd.weight', [c.vocabSize, c.dim]],
    ...perLayer.flatMap(([base, shape]) =>
      layers.map((l): [string, number[]] => [`blk.${l}.${base}.weight`, shape]),
    ),
    ...(c.sharedClassifier ? [] : [['output.weight', [c.vocabSize, c.dim]] as [string, number[]]]),
  ];
}

export async function openExported(source: ByteSource, name: string): Promise<Llama2cCheckpoint> {
  checkRange(source, 0, EXPORT_HEADER_BYTES, 'the 256-byte export header');
  const header = await source.read(0, EXPORT_HEADER_BYTES);
  const view = new DataView(header.buffer, header.byteOffset, EXPORT_HEADER_BYTES);
  const version = view.getInt32(4, true);
  if (version !== 1 && version !== 2)
    throw new LowbitError(
      ErrorCode.UnsupportedVersion,
      `${name}: llama2.c export version ${version} is not read here (versions 1 and 2 are).`,
      { details: { version } },
    );
  const config = { ...readConfig(view, 8, name), sharedClassifier: header[36] !== 0 };
  const groupSize = version === 2 ? view.getInt32(37, true) : 0;
  if (version === 2 && !(groupSize > 0 && groupSize < 1 << 24))
    throw corrupt(name, `group_size is ${groupSize}`, { field: 'group_size' });
  const { dim, layers } = config;
  const tensors: Llama2cTensorInfo[] = [];
  let offset = EXPORT_HEADER_BYTES;
  for (const [base, count] of [
    ['attn_norm', layers],
    ['ffn_norm', layers],
    ['output_norm', 1],
  ] as const) {
    for (let l = 0; l < count; l++) {
      const tensor = base === 'output_norm' ? 'output_norm.weight' : `blk.${l}.${base}.weight`;
      tensors.push({ name: tensor, shape: [dim], offset, type: 'f32' });
      offset += dim * 4;
    }
  }
  for (const [tensor, shape] of matrices(config)) {
    const count = shape[0]! * shape[1]!;
    if (version === 1) {
      tensors.push({ name: tensor, shape, offset, type: 'f32' });
      offset += count * 4;
      continue;
    }
    if (count % groupSize !== 0)
      throw corrupt(name, `${tensor} holds ${count} values, not whole groups of ${groupSize}`, {
        tensor,
      });
    tensors.push({ name: tensor, shape, offset, type: 'q8', scalesOffset: offset + count });
    offset += count + (count / groupSize) * 4;
  }
  if (config.sharedClassifier) {
    const embd = tensors.find((t) => t.name === 'token_embd.weight')!;
    tensors.push({ ...embd, name: 'output.weight' });
  }
  if (offset > source.size)
    throw new LowbitError(
      ErrorCode.FileTruncated,
      `${name}: the config describes ${offset} bytes but the file has ${source.size}; it is truncated or the config is corrupt.`,
      { details: { needed: offset, size: source.size } },
    );
  return new Llama2cCheckpoint(config, tensors, source, version, groupSize);
}
