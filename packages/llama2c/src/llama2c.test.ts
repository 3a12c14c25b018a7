import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bytesSource, createRng, LowbitError } from '@lowbit/core';
import { openGguf, tokenizerOf } from '@lowbit/gguf';
import { describe, expect, it } from 'vitest';
import { openLlama2c, readLlama2cTokenizer } from './index.ts';

const fixture = (path: string) =>
  new Uint8Array(
    readFileSync(fileURLToPath(new URL(`../../../fixtures/${path}`, import.meta.url))),
  );

describe('llama2.c checkpoint', () => {
  it('reads stories260K’s config (shared classifier) and lays out 48 tensors', async () => {
    const model = await openLlama2c(bytesSource(fixture('llama2c/stories260K.bin')));
    expect(model.config).toEqual({
      dim: 64,
      hiddenDim: 172,
      layers: 5,
      heads: 8,
      kvHeads: 4,
      vocabSize: 512,
      seqLen: 512,
      sharedClassifier: true,
    });
    expect(model.tensors.length).toBe(48);
    expect(model.tensorInfo('blk.4.attn_k.weight').shape).toEqual([32, 64]);
  });

  it('matches the GGUF conversion of the same model where the converter copies tensors unchanged', async () => {
    const model = await openLlama2c(bytesSource(fixture('llama2c/stories260K.bin')));
    const gguf = await openGguf(bytesSource(fixture('gguf/stories260K.gguf')));
    for (const name of [
      'token_embd.weight',
      'output.weight',
      'blk.0.attn_q.weight',
      'blk.3.ffn_down.weight',
      'blk.2.attn_v.weight',
      'output_norm.weight',
      'blk.1.attn_norm.weight',
    ]) {
      expect(await model.readTensor(name), name).toEqual(await gguf.readTensor(name));
    }
  });

  it('reads only the tensor from a source backed by a Node Buffer', async () => {
    const file = readFileSync(
      fileURLToPath(new URL('../../../fixtures/llama2c/stories260K.bin', import.meta.url)),
    );
    const model = await openLlama2c(bytesSource(file));
    const norm = await model.readTensor('output_norm.weight');
    expect(norm.length).toBe(64);
    expect(norm).toEqual(
      await (await openLlama2c(bytesSource(new Uint8Array(file)))).readTensor('output_norm.weight'),
    );
  });

  it('reads tok512.bin; its scores equal the GGUF vocab’s', async () => {
    const tokenizer = await readLlama2cTokenizer(bytesSource(fixture('llama2c/tok512.bin')), 512);
    expect(tokenizer.tokens.length).toBe(512);
    const gguf = tokenizerOf(await openGguf(bytesSource(fixture('gguf/stories260K.gguf'))));
    expect(Array.from(tokenizer.scores)).toEqual(gguf.scores);
    expect(new TextDecoder().decode(tokenizer.tokens[300])).toBe(
      gguf.tokens[300]!.replaceAll('▁', ' '),
    );
  });

  it('reads a separate classifier after the RoPE tables when vocab_size is negative', async () => {
    const [dim, hidden, layers, heads, kvHeads, vocab, seqLen] = [8, 16, 1, 2, 1, 4, 3];
    const kvDim = (dim * kvHeads) / heads;
    const floats =
      vocab * dim +
      layers * (2 * dim + 2 * dim * dim + 2 * kvDim * dim + 3 * hidden * dim) +
      dim +
      seqLen * (dim / heads) +
      vocab * dim;
    const buffer = new ArrayBuffer(28 + floats * 4);
    new Int32Array(buffer, 0, 7).set([dim, hidden, layers, heads, kvHeads, -vocab, seqLen]);
    const weights = new Float32Array(buffer, 28);
    weights.forEach((_, i) => {
      weights[i] = i;
    });
    const model = await openLlama2c(bytesSource(new Uint8Array(buffer)));
    expect(model.config.sharedClassifier).toBe(false);
    const output = await model.readTensor('output.weight');
    expect(output[0]).toBe(floats - vocab * dim);
    expect(output.length).toBe(vocab * dim);
    expect((await model.readTensor('token_embd.weight'))[0]).toBe(0);
  });

  it('rejects hostile headers and truncation with coded errors only', async () => {
    const original = fixture('llama2c/stories260K.bin');
    const header = (values: number[]) => {
      const b = original.slice();
      const view = new DataView(b.buffer);
      for (let i = 0; i < values.length; i++) view.setInt32(4 * i, values[i]!, true);
      return b;
    };
    await expect(openLlama2c(bytesSource(original.slice(0, 20)))).rejects.toMatchObject({
      code: 'E_FILE_TRUNCATED',
    });
    await expect(openLlama2c(bytesSource(original.slice(0, 1000)))).rejects.toMatchObject({
      code: 'E_FILE_TRUNCATED',
    });
    await expect(
      openLlama2c(
        bytesSource(
          header([64, 172, 5, 8, 4, 512, 512, 0].slice(0, 7).map((v, i) => (i === 0 ? -1 : v))),
        ),
      ),
    ).rejects.toMatchObject({ code: 'E_FILE_CORRUPT' });
    await expect(
      openLlama2c(bytesSource(header([64, 172, 5, 7, 4, 512, 512]))),
    ).rejects.toMatchObject({ code: 'E_FILE_CORRUPT' });
    await expect(
      openLlama2c(bytesSource(header([64, 172, 5000000, 8, 4, 512, 512]))),
    ).rejects.toMatchObject({ code: 'E_FILE_TRUNCATED' });
    const rng = createRng(5);
    for (let i = 0; i < 500; i++) {
      const b = original.slice(0, 28 + (rng.nextU32() % 4096));
      b[rng.nextU32() % 28]! ^= 1 << (rng.nextU32() % 8);
      try {
        await openLlama2c(bytesSource(b));
      } catch (error) {
        expect(LowbitError.isInstance(error)).toBe(true);
      }
    }
    const tok = fixture('llama2c/tok512.bin');
    await expect(readLlama2cTokenizer(bytesSource(tok.slice(0, 2000)), 512)).rejects.toMatchObject({
      code: 'E_FILE_TRUNCATED',
    });
    const badLength = tok.slice();
    new DataView(badLength.buffer).setInt32(8, 1 << 20, true);
    await expect(readLlama2cTokenizer(bytesSource(badLength), 512)).rejects.toMatchObject({
      code: 'E_FILE_CORRUPT',
    });
  });
});
