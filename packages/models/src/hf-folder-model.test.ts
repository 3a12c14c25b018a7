import { ErrorCode } from '@lowbit/core';
import { describe, expect, it } from 'vitest';
import {
  CONFIG,
  EMBED,
  indexJson,
  memoryFolder,
  NORM,
  SHARD_1,
  SHARD_2,
  shard1,
  tinyFolderFiles,
} from './__fixtures__/tiny-hf-folder.ts';
import { openHfFolderFrom } from './hf-folder-model.ts';

function withFiles(change: Record<string, Uint8Array | undefined>) {
  const files = { ...tinyFolderFiles(), ...change };
  for (const [name, bytes] of Object.entries(change)) if (!bytes) delete files[name];
  return memoryFolder(files as Record<string, Uint8Array>);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'no error',
    (error: { code?: string }) => error.code ?? String(error),
  );
}

describe('openHfFolderFrom', () => {
  it('exposes config.json, the shards, and every tensor with its shard', async () => {
    const model = await openHfFolderFrom(memoryFolder(tinyFolderFiles()));
    expect(model.container).toBe('hf-folder');
    expect(model.config).toEqual(CONFIG);
    expect(model.shards).toEqual([SHARD_1, SHARD_2]);
    expect(model.metadata).toEqual({ format: 'pt', shard: 'two' });
    expect(model.summary).toEqual({ shards: 2, 'model type': 'llama' });
    expect(model.tensors.map((t) => [t.name, t.shape, t.type, t.bytes])).toEqual([
      ['model.embed_tokens.weight', [2, 4], 'f32', 32],
      ['model.norm.weight', [4], 'f32', 16],
    ]);
    expect(model.shardOf('model.norm.weight')).toBe(SHARD_2);
    await model.close();
  });

  it('reads a tensor lazily, from its own shard only', async () => {
    const folder = memoryFolder(tinyFolderFiles());
    const model = await openHfFolderFrom(folder);
    const before = new Map(folder.bytesRead);
    expect([...(await model.read('model.norm.weight'))]).toEqual(NORM);
    expect(folder.bytesRead.get(SHARD_2)! - before.get(SHARD_2)!).toBe(16);
    expect(folder.bytesRead.get(SHARD_1)).toBe(before.get(SHARD_1));
    expect([...(await model.read('model.embed_tokens.weight'))]).toEqual(EMBED);
    expect(folder.bytesRead.get(SHARD_1)! - before.get(SHARD_1)!).toBe(32);
    await model.close();
    expect(folder.openCount()).toBe(0);
  });

  it('names an unknown tensor with a suggestion', async () => {
    const model = await openHfFolderFrom(memoryFolder(tinyFolderFiles()));
    expect(() => model.shardOf('model.norm.weigth')).toThrow(/model\.norm\.weight/);
    await expect(model.read('nope')).rejects.toMatchObject({ code: ErrorCode.Argument });
    await model.close();
  });

  it('reads a single model.safetensors when there is no index', async () => {
    const model = await openHfFolderFrom(
      withFiles({
        'model.safetensors.index.json': undefined,
        [SHARD_1]: undefined,
        [SHARD_2]: undefined,
        'model.safetensors': shard1(),
      }),
    );
    expect(model.shards).toEqual(['model.safetensors']);
    expect([...(await model.read('model.embed_tokens.weight'))]).toEqual(EMBED);
    await model.close();
  });

  it('ignores safetensors files the index does not name', async () => {
    const model = await openHfFolderFrom(withFiles({ 'consolidated.safetensors': shard1() }));
    expect(model.shards).toEqual([SHARD_1, SHARD_2]);
    await model.close();
  });

  it('refuses a shard the index names but the folder lacks (E_FILE_IO), opening nothing', async () => {
    const folder = withFiles({ [SHARD_2]: undefined });
    await expect(openHfFolderFrom(folder)).rejects.toMatchObject({
      code: ErrorCode.FileIo,
      message: expect.stringContaining(SHARD_2),
    });
    expect(folder.openCount()).toBe(0);
  });

  it('refuses a tensor held by two shards, and closes what it opened', async () => {
    const folder = withFiles({
      [SHARD_1]: shard1([{ name: 'model.norm.weight', values: NORM }]),
    });
    await expect(openHfFolderFrom(folder)).rejects.toMatchObject({
      code: ErrorCode.FileCorrupt,
      message: expect.stringMatching(/"model\.norm\.weight" is in both/),
    });
    expect(folder.openCount()).toBe(0);
  });

  it('refuses a tensor in a shard the index does not map it to', async () => {
    const folder = withFiles({
      [SHARD_1]: shard1([{ name: 'lm_head.weight', values: [1] }]),
      'model.safetensors.index.json': indexJson({
        'model.embed_tokens.weight': SHARD_1,
        'model.norm.weight': SHARD_2,
        'lm_head.weight': SHARD_2,
      }),
    });
    expect(await codeOf(openHfFolderFrom(folder))).toBe(ErrorCode.FileCorrupt);
  });

  it('refuses an index entry whose shard does not hold the tensor', async () => {
    const folder = withFiles({
      'model.safetensors.index.json': indexJson({
        'model.embed_tokens.weight': SHARD_1,
        'model.norm.weight': SHARD_2,
        'model.layers.0.mlp.up_proj.weight': SHARD_2,
      }),
    });
    await expect(openHfFolderFrom(folder)).rejects.toMatchObject({
      code: ErrorCode.FileCorrupt,
      message: expect.stringContaining('does not hold it'),
    });
    expect(folder.openCount()).toBe(0);
  });

  it('refuses a shard name that reaches outside the folder', async () => {
    const folder = withFiles({
      'model.safetensors.index.json': indexJson({ 'model.norm.weight': `../${SHARD_2}` }),
    });
    expect(await codeOf(openHfFolderFrom(folder))).toBe(ErrorCode.FileIo);
  });

  it('gives coded errors for a missing or broken config.json and a broken index', async () => {
    const text = (s: string) => new TextEncoder().encode(s);
    expect(await codeOf(openHfFolderFrom(withFiles({ 'config.json': undefined })))).toBe(
      ErrorCode.FileIo,
    );
    expect(await codeOf(openHfFolderFrom(withFiles({ 'config.json': text('{"a":') })))).toBe(
      ErrorCode.FileCorrupt,
    );
    expect(await codeOf(openHfFolderFrom(withFiles({ 'config.json': text('[1]') })))).toBe(
      ErrorCode.FileCorrupt,
    );
    const index = 'model.safetensors.index.json';
    expect(await codeOf(openHfFolderFrom(withFiles({ [index]: text('{}') })))).toBe(
      ErrorCode.FileCorrupt,
    );
    expect(
      await codeOf(openHfFolderFrom(withFiles({ [index]: text('{"weight_map":{"a":1}}') }))),
    ).toBe(ErrorCode.FileCorrupt);
    expect(
      await codeOf(openHfFolderFrom(withFiles({ [index]: undefined, [SHARD_1]: undefined }))),
    ).toBe(ErrorCode.FileIo);
  });

  it('refuses a JSON side file larger than the cap without reading it', async () => {
    const folder = memoryFolder(tinyFolderFiles());
    const open = folder.open;
    folder.open = async (file) => {
      const source = await open(file);
      return file === 'config.json' ? { ...source, size: 1 << 30 } : source;
    };
    expect(await codeOf(openHfFolderFrom(folder))).toBe(ErrorCode.FileCorrupt);
    expect(folder.bytesRead.get('config.json')).toBeUndefined();
  });
});
