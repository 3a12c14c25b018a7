/**
 * Writes a llama2.c version-2 ("Q8_0", runq) export from a float32 checkpoint, following
 * karpathy/llama2.c export.py `version2_export` and `quantize_q80`: the 256-byte header, the norms
 * in float32, then every matrix as int8 codes round(w / s) (half to even, as torch.round) followed
 * by its scales s = max|w| / 127 per group of `groupSize`.
 */
import { EXPORT_HEADER_BYTES, EXPORT_MAGIC } from '@lowbit/llama2c';
import type { Llama2cModel } from '@lowbit/models';

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function quantizeQ80(w: Float32Array, groupSize: number): Uint8Array {
  const groups = w.length / groupSize;
  const out = new Uint8Array(w.length + groups * 4);
  const codes = new Int8Array(out.buffer, 0, w.length);
  const scales = new DataView(out.buffer, w.length);
  for (let g = 0; g < groups; g++) {
    const group = w.subarray(g * groupSize, (g + 1) * groupSize);
    const scale = Math.fround(group.reduce((m, v) => Math.max(m, Math.abs(v)), 0) / 127);
    for (let i = 0; i < groupSize; i++)
      codes[g * groupSize + i] = roundHalfEven(Math.fround(group[i]! / scale));
    scales.setFloat32(g * 4, scale, true);
  }
  return out;
}

export async function writeQ8Export(model: Llama2cModel, groupSize: number): Promise<Uint8Array> {
  const c = model.config;
  const header = new Uint8Array(EXPORT_HEADER_BYTES);
  const view = new DataView(header.buffer);
  view.setUint32(0, EXPORT_MAGIC, true);
  view.setInt32(4, 2, true);
  const ints = [c.dim, c.hiddenDim, c.layers, c.heads, c.kvHeads, c.vocabSize, c.seqLen];
  for (const [i, v] of ints.entries()) view.setInt32(8 + 4 * i, v, true);
  header[36] = c.sharedClassifier ? 1 : 0;
  view.setInt32(37, groupSize, true);
  const layers = Array.from({ length: c.layers }, (_, l) => l);
  const f32 = async (name: string) => new Uint8Array((await model.read(name)).buffer);
  const parts: Uint8Array[] = [header];
  for (const norm of ['attn_norm', 'ffn_norm'])
    for (const l of layers) parts.push(await f32(`blk.${l}.${norm}.weight`));
  parts.push(await f32('output_norm.weight'));
  const matrices = ['attn_q', 'attn_k', 'attn_v', 'attn_output', 'ffn_gate', 'ffn_down', 'ffn_up'];
  const names = [
    'token_embd.weight',
    ...matrices.flatMap((m) => layers.map((l) => `blk.${l}.${m}.weight`)),
    ...(c.sharedClassifier ? [] : ['output.weight']),
  ];
  for (const name of names) parts.push(quantizeQ80(await model.read(name), groupSize));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
