// The 15M-shape Llama (llama2.c's stories15M: dim 288, 6 layers, 6 heads, hidden 768,
// vocab 32000, seq 256) with seeded random weights, written in two containers holding the same
// values: a llama2.c `.bin` (version 0, tied classifier; export.py's legacy_export layout) for
// run.c, and a GGUF (f32, or every matrix in q8_0/q4_0 as `llama-quantize --pure` would) for
// llama.cpp and for us. llama2.c and GGUF both rotate adjacent pairs in RoPE, so no q/k
// permutation is needed (llama.cpp's convert-llama2c-to-ggml copies the matrices as they are).
import { readFileSync } from 'node:fs';
import { createRng, encode } from '@lowbit/core';
import { GgufType, serializeGguf } from '@lowbit/gguf';

export const SHAPE_15M = { dim: 288, layers: 6, heads: 6, hidden: 768, vocab: 32000, seq: 256 };

/** ggml type ids of the GGUFs we write (ggml.h `enum ggml_type`). */
const GGML_TYPES = { f32: 0, q4_0: 2, q8_0: 8 };
/** llama.cpp's `llama_ftype` for general.file_type. */
const FILE_TYPES = { f32: 0, q4_0: 2, q8_0: 7 };

const tokenizerPath = new URL('../../../../fixtures/llama2c/tokenizer.bin', import.meta.url);

/** Per-layer matrices as [rows (out), cols (in)], GGUF name → llama2.c order below. */
const linears = (s) => ({
  attn_q: [s.dim, s.dim],
  attn_k: [s.dim, s.dim],
  attn_v: [s.dim, s.dim],
  attn_output: [s.dim, s.dim],
  ffn_gate: [s.hidden, s.dim],
  ffn_down: [s.dim, s.hidden],
  ffn_up: [s.hidden, s.dim],
});

/** Seeded weights: matrices uniform in ±1/√in (a trained model's scale), norms 1. */
export function randomLlama(shape = SHAPE_15M, seed = 15) {
  const rng = createRng(seed);
  const matrix = (rows, cols) => {
    const scale = 1 / Math.sqrt(cols);
    const m = new Float32Array(rows * cols);
    for (let i = 0; i < m.length; i++) m[i] = (rng.nextFloat() * 2 - 1) * scale;
    return { values: m, rows, cols };
  };
  const ones = (n) => ({ values: new Float32Array(n).fill(1), rows: 1, cols: n });
  const layers = Array.from({ length: shape.layers }, () => ({
    attn_norm: ones(shape.dim),
    ffn_norm: ones(shape.dim),
    ...Object.fromEntries(Object.entries(linears(shape)).map(([n, [r, c]]) => [n, matrix(r, c)])),
  }));
  return {
    shape,
    tokenEmbd: matrix(shape.vocab, shape.dim),
    outputNorm: ones(shape.dim),
    layers,
  };
}

/** Bytes of the weights and an f32 KV cache of `positions` rows, in `format`. */
export function modelBytes(model, format, positions) {
  const { shape } = model;
  const perValue = { f32: 4, q8_0: 34 / 32, q4_0: 18 / 32 }[format];
  const matrices = [
    model.tokenEmbd,
    ...model.layers.flatMap((l) => Object.keys(linears(shape)).map((n) => l[n])),
  ];
  const norms = (2 * shape.layers + 1) * shape.dim * 4;
  const weights = matrices.reduce((sum, m) => sum + m.values.length * perValue, 0) + norms;
  return { weights, kv: 2 * shape.layers * positions * shape.dim * 4 };
}

/** llama2.c version-0 checkpoint: 7 int32 header, then the tensors in run.c's order. */
export function toLlama2cBin(model) {
  const { shape: s, layers } = model;
  const header = Int32Array.of(s.dim, s.hidden, s.layers, s.heads, s.heads, s.vocab, s.seq);
  const all = (name) => layers.map((l) => l[name].values);
  const headSize = s.dim / s.heads;
  const freqs = new Float32Array((s.seq * headSize) / 2); // unused by run.c, kept for the layout
  const parts = [
    header,
    model.tokenEmbd.values,
    ...all('attn_norm'),
    ...all('attn_q'),
    ...all('attn_k'),
    ...all('attn_v'),
    ...all('attn_output'),
    ...all('ffn_norm'),
    ...all('ffn_gate'),
    ...all('ffn_down'),
    ...all('ffn_up'),
    model.outputNorm.values,
    freqs,
    freqs,
  ];
  return concat(parts.map((p) => new Uint8Array(p.buffer, p.byteOffset, p.byteLength)));
}

/** A GGUF llama.cpp loads: llama hyperparameters, llama2's 32k SentencePiece vocabulary. */
export function toGguf(model, format, engine) {
  const { shape: s } = model;
  const packed = (m) =>
    format === 'f32' || m.rows === 1
      ? { type: 0, data: bytesOf(m.values) }
      : {
          type: GGML_TYPES[format],
          data: encode(engine.tensor(m.values, [m.rows, m.cols]), format).readBytesSync(),
        };
  const tensor = (name, m) => {
    const { type, data } = packed(m);
    return { name, dims: m.rows === 1 ? [m.cols] : [m.cols, m.rows], ggmlType: type, data };
  };
  const tensors = [tensor('token_embd.weight', model.tokenEmbd)];
  for (const [i, layer] of model.layers.entries())
    for (const [name, m] of Object.entries(layer))
      tensors.push(tensor(`blk.${i}.${name}.weight`, m));
  tensors.push(tensor('output_norm.weight', model.outputNorm));
  const u32 = (value) => ({ type: GgufType.UINT32, value });
  const metadata = new Map([
    ['general.architecture', { type: GgufType.STRING, value: 'llama' }],
    ['general.name', { type: GgufType.STRING, value: 'lowbit-bench-15M-random' }],
    ['general.file_type', u32(FILE_TYPES[format])],
    ['llama.context_length', u32(s.seq)],
    ['llama.embedding_length', u32(s.dim)],
    ['llama.block_count', u32(s.layers)],
    ['llama.feed_forward_length', u32(s.hidden)],
    ['llama.rope.dimension_count', u32(s.dim / s.heads)],
    ['llama.attention.head_count', u32(s.heads)],
    ['llama.attention.head_count_kv', u32(s.heads)],
    ['llama.attention.layer_norm_rms_epsilon', { type: GgufType.FLOAT32, value: 1e-5 }],
    ...vocabMetadata(s.vocab),
  ]);
  return serializeGguf({ metadata, tensors });
}

/** fixtures/llama2c/tokenizer.bin (llama2's vocabulary) as GGUF `tokenizer.ggml.*` entries. */
function vocabMetadata(vocab) {
  const bytes = readFileSync(tokenizerPath);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [tokens, scores, types] = [[], [], []];
  const decoder = new TextDecoder();
  let at = 4;
  for (let i = 0; i < vocab; i++) {
    scores.push(view.getFloat32(at, true));
    const length = view.getInt32(at + 4, true);
    const text = decoder.decode(bytes.subarray(at + 8, at + 8 + length));
    at += 8 + length;
    // llama2.c's export wrote ▁ as a space and BOS/EOS as "\n<s>\n"/"\n</s>\n".
    tokens.push(['<unk>', '<s>', '</s>'][i] ?? text.replaceAll(' ', '▁'));
    types.push(i === 0 ? 2 : i < 3 ? 3 : /^<0x[0-9A-F]{2}>$/.test(text) ? 6 : 1);
  }
  const array = (itemType, items) => ({ type: GgufType.ARRAY, value: { itemType, items } });
  const u32 = (value) => ({ type: GgufType.UINT32, value });
  return [
    ['tokenizer.ggml.model', { type: GgufType.STRING, value: 'llama' }],
    ['tokenizer.ggml.tokens', array(GgufType.STRING, tokens)],
    ['tokenizer.ggml.scores', array(GgufType.FLOAT32, scores)],
    ['tokenizer.ggml.token_type', array(GgufType.INT32, types)],
    ['tokenizer.ggml.bos_token_id', u32(1)],
    ['tokenizer.ggml.eos_token_id', u32(2)],
    ['tokenizer.ggml.unknown_token_id', u32(0)],
  ];
}

const bytesOf = (a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
