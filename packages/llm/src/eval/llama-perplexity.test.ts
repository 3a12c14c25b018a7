/**
 * Our `chunks` protocol and KL-divergence against llama.cpp's own `llama-perplexity` on the same
 * GGUF files and text (fixtures/gguf/llama-perplexity-c256-chunks8.json; how it was made is in
 * fixtures/gguf/PROVENANCE.md). Tokens come from each file's own SentencePiece vocabulary, as
 * llama.cpp tokenizes.
 */
import { describe, expect, it } from 'vitest';
import { fixture, loadFixture, openFixture } from '../__fixtures__/stories.ts';
import { tokenizerFromGguf } from '../tokenizer/from-gguf.ts';
import { evaluate, recordBaseline } from './evaluate.ts';

interface Anchors {
  ctx: number;
  chunks: number;
  models: Record<string, string>;
  running_perplexity: Record<string, number[]>;
  kl_divergence: Record<string, { mean_kld: number; same_top_p: number }>;
}

const anchors: Anchors = JSON.parse(
  new TextDecoder().decode(fixture('gguf/llama-perplexity-c256-chunks8.json')),
);
// Eight chunks of 256 tokens need about 9,000 characters; SentencePiece merges are local, so a
// prefix cut at a line break tokenizes to the same first 2,048 tokens as the whole file.
const fullText = new TextDecoder().decode(fixture('text/tinystories_val_part1.txt'));
const text = fullText.slice(0, fullText.indexOf('\n', 20_000) + 1);

async function ggufTokenizer(path: string) {
  const file = await openFixture(path);
  if (file.container !== 'gguf') throw new Error(`${path} is not a GGUF`);
  return tokenizerFromGguf(file.metadata);
}

const protocol = { protocol: 'chunks', ctx: anchors.ctx } as const;

describe('chunked perplexity equals llama.cpp llama-perplexity -c 256', () => {
  // f32 and f16 weights: the same arithmetic up to summation order, so llama.cpp's four printed
  // decimals, after the first chunk and after all eight.
  it.each(['f32', 'f16'])('%s: running perplexity after 1 and 8 chunks to 2e-4', async (type) => {
    const path = `gguf/${anchors.models[type]}`;
    const tokenizer = await ggufTokenizer(path);
    const model = await loadFixture(path, 'wasm');
    const want = anchors.running_perplexity[type]!;
    for (const chunks of [1, anchors.chunks]) {
      const { perplexity } = await evaluate(model, tokenizer, text, { ...protocol, chunks });
      expect(Math.abs(perplexity - want[chunks - 1]!) / want[chunks - 1]!).toBeLessThan(2e-4);
    }
    model.close();
  });

  // q8_0/q4_0: ggml rounds the activations to q8_0 inside its dot products, our cpu kernel keeps
  // them f32 and our wasm kernel rounds them its own way, so the match is the 2e-3 over
  // the eight chunks (measured: 1.9e-4…1.7e-3).
  it.each([
    ['q8_0', 'cpu'],
    ['q8_0', 'wasm'],
    ['q4_0', 'cpu'],
    ['q4_0', 'wasm'],
  ] as const)('%s on %s: perplexity over 8 chunks to 2e-3', async (type, backend) => {
    const path = `gguf/${anchors.models[type]}`;
    const tokenizer = await ggufTokenizer(path);
    const model = await loadFixture(path, backend);
    const want = anchors.running_perplexity[type]![anchors.chunks - 1]!;
    const { perplexity } = await evaluate(model, tokenizer, text, {
      ...protocol,
      chunks: anchors.chunks,
    });
    expect(Math.abs(perplexity - want) / want).toBeLessThan(2e-3);
    model.close();
  });

  it.each(Object.keys(anchors.kl_divergence))(
    '%s against f32: KL-divergence and top-1 agreement as llama.cpp --kl-divergence',
    async (type) => {
      const options = { ...protocol, chunks: anchors.chunks };
      const tokenizer = await ggufTokenizer('gguf/stories260K.gguf');
      const f32 = await loadFixture('gguf/stories260K.gguf', 'wasm');
      const baseline = await recordBaseline(f32, tokenizer, text, options);
      f32.close();
      const model = await loadFixture(`gguf/${anchors.models[type]}`, 'wasm');
      const { kl, top1 } = await evaluate(model, tokenizer, text, { ...options, baseline });
      const want = anchors.kl_divergence[type]!;
      // On wasm, as in ggml, the activations are rounded to int8 per 32 inside the dot products
      // (on cpu they stay f32 and q8_0's KL halves), but not bit for bit as ggml rounds them:
      // measured 2.7% (q8_0) and 0.6% (q4_0) apart.
      expect(Math.abs(kl!.mean - want.mean_kld) / want.mean_kld).toBeLessThan(0.05);
      // 1,016 scored positions: one flipped top token is 0.1% (measured: 2 and 4 flipped).
      expect(Math.abs(top1! - want.same_top_p)).toBeLessThan(0.006);
      model.close();
    },
  );
});
