// A Llama-family model of a given shape with seeded random weights, built in memory on one
// engine and backend, for speed runs where the numbers, not the text, matter. STORIES_15M is
// karpathy/llama2.c's stories15M.bin shape (its 7-int header: dim 288, hidden 768, 6 layers,
// 6 heads, 6 kv heads, vocab 32000, seq_len 256; shared classifier).
import { getFormat } from '@lowbit/core';
import { randomFloats } from './measure.mjs';

export const STORIES_15M = {
  architecture: 'llama',
  dim: 288,
  hiddenDim: 768,
  layers: 6,
  heads: 6,
  kvHeads: 6,
  headDim: 48,
  vocabSize: 32000,
  contextLength: 256,
  rmsEps: 1e-5,
  ropeTheta: 10000,
  ropeStyle: 'interleaved',
  qkvBias: false,
};

/**
 * LlamaWeights (`@lowbit/llm`) of `config`'s shape: matrices uniform in ±0.05 stored in
 * `format` (tied classifier, as stories15M), norms of ones in f32. Seeded: the same call gives
 * the same weights.
 */
export function randomLlama(engine, config, { format = 'f32', backend, seed = 1 } = {}) {
  const { dim, hiddenDim, heads, kvHeads, headDim, vocabSize } = config;
  let next = seed;
  const matrix = (rows, cols) => {
    const values = randomFloats(rows * cols, next++, 0.05);
    return format === 'f32'
      ? engine.tensor(values, [rows, cols], { backend })
      : engine.fromBytes(getFormat(format).encode(values), [rows, cols], format, { backend });
  };
  const ones = () => engine.tensor(new Float32Array(dim).fill(1), [dim], { backend });
  const [qDim, kvDim] = [heads * headDim, kvHeads * headDim];
  const tokenEmbd = matrix(vocabSize, dim);
  const layers = Array.from({ length: config.layers }, () => ({
    attnNorm: ones(),
    ffnNorm: ones(),
    q: { weight: matrix(qDim, dim) },
    k: { weight: matrix(kvDim, dim) },
    v: { weight: matrix(kvDim, dim) },
    o: { weight: matrix(dim, qDim) },
    gate: { weight: matrix(hiddenDim, dim) },
    up: { weight: matrix(hiddenDim, dim) },
    down: { weight: matrix(dim, hiddenDim) },
  }));
  return { tokenEmbd, layers, outputNorm: ones(), output: { weight: tokenEmbd } };
}
