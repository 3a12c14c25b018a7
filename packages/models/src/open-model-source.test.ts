import { readFileSync } from 'node:fs';
import { type ByteSource, blobSource, bytesSource, ErrorCode } from '@lowbit/core';
import { GgufType } from '@lowbit/gguf';
import { describe, expect, it } from 'vitest';
import { openModelSource } from './open-model-source.ts';

const fixture = (path: string) =>
  readFileSync(new URL(`../../../fixtures/${path}`, import.meta.url));

/** Counts close() calls on a source. */
function closing(source: ByteSource) {
  const counted = { ...source, closed: 0 };
  counted.close = async () => {
    counted.closed++;
  };
  return counted;
}

describe('openModelSource', () => {
  it('opens the GGUF fixture from a Blob, its metadata typed', async () => {
    const model = await openModelSource(
      blobSource(new Blob([fixture('gguf/stories260K.gguf')])),
      'stories260K.gguf',
    );
    if (model.container !== 'gguf') throw new Error(`opened as ${model.container}`);
    expect(model.metadata.get('general.architecture')).toEqual({
      type: GgufType.STRING,
      value: 'llama',
    });
    expect(model.summary.architecture).toBe('llama');
    expect(model.summary['metadata keys']).toBe(model.metadata.size);
    expect(model.tensors.find((t) => t.name === 'token_embd.weight')?.shape).toEqual([512, 64]);
    await model.close();
  });

  it('reads the same weights from the GGUF and llama2.c copies of stories260K', async () => {
    const gguf = await openModelSource(bytesSource(fixture('gguf/stories260K.gguf')), 'a.gguf');
    const bin = await openModelSource(bytesSource(fixture('llama2c/stories260K.bin')), 'a.bin');
    if (bin.container !== 'llama2c') throw new Error(`opened as ${bin.container}`);
    expect(bin.config).toMatchObject({ dim: 64, layers: 5, vocabSize: 512 });
    for (const name of ['token_embd.weight', 'blk.4.ffn_down.weight', 'output_norm.weight']) {
      const [a, b] = [await bin.read(name), await gguf.read(name)];
      expect(a.length, name).toBe(b.length);
      expect(
        a.every((v, i) => v === b[i]),
        name,
      ).toBe(true);
    }
    expect([...(await bin.readBytes('output_norm.weight'))]).toEqual([
      ...(await gguf.readBytes('output_norm.weight')),
    ]);
  });

  it('opens a safetensors fixture with its metadata and dtypes', async () => {
    const model = await openModelSource(
      bytesSource(fixture('safetensors/overall.safetensors')),
      'overall.safetensors',
    );
    if (model.container !== 'safetensors') throw new Error(`opened as ${model.container}`);
    expect(model.metadata).toEqual({ test: 'a' });
    const f = model.tensors.find((t) => t.name === 'f')!;
    expect([f.type, f.shape, f.bytes]).toEqual(['f32', [6], 24]);
    const u16 = model.tensors.find((t) => t.name === 'H')!;
    expect([u16.type, u16.format]).toEqual(['U16', undefined]);
    const raw = await model.readBytes('f');
    expect(await model.read('f')).toEqual(new Float32Array(new Uint8Array(raw).buffer));
  });

  it('closes the source when the file is none of the containers', async () => {
    const source = closing(bytesSource(new TextEncoder().encode('hello, not a model')));
    await expect(openModelSource(source, 'hello.txt')).rejects.toMatchObject({
      code: ErrorCode.FileCorrupt,
    });
    expect(source.closed).toBe(1);
  });

  it('closes the source when a detected container is corrupt', async () => {
    const gguf = fixture('gguf/stories260K.gguf');
    const source = closing(bytesSource(gguf.subarray(0, 64)));
    await expect(openModelSource(source, 'cut.gguf')).rejects.toMatchObject({
      code: expect.stringMatching(/^E_FILE_/),
    });
    expect(source.closed).toBe(1);
  });
});
