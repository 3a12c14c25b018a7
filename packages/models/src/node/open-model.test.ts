import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCode } from '@lowbit/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CONFIG,
  NORM,
  SHARD_2,
  tinyFolderFiles,
  writeFolder,
} from '../__fixtures__/tiny-hf-folder.ts';
import { openHfFolder, openModel } from './open-model.ts';

const fixture = (path: string) =>
  fileURLToPath(new URL(`../../../../fixtures/${path}`, import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'lowbit-models-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('openModel', () => {
  it.each([
    ['gguf/stories260K.gguf', 'gguf'],
    ['safetensors/overall.safetensors', 'safetensors'],
    ['llama2c/stories260K.bin', 'llama2c'],
  ])('opens %s as %s', async (path, container) => {
    const model = await openModel(fixture(path));
    expect(model.container).toBe(container);
    expect(model.name).toBe(path.split('/')[1]);
    expect(model.tensors.length).toBeGreaterThan(0);
    const first = model.tensors[0]!;
    expect((await model.readBytes(first.name)).length).toBe(first.bytes);
    await model.close();
  });

  it('refuses a file that is none of them with E_FILE_CORRUPT', async () => {
    const path = join(scratch, 'notes.txt');
    writeFileSync(path, 'not a model');
    await expect(openModel(path)).rejects.toMatchObject({ code: ErrorCode.FileCorrupt });
  });

  it('refuses a directory with E_FILE_NOT_REGULAR', async () => {
    await expect(openModel(scratch)).rejects.toMatchObject({ code: ErrorCode.FileNotRegular });
  });
});

describe('openHfFolder', () => {
  it('opens a generated two-shard folder written to disk', async () => {
    const dir = mkdtempSync(join(scratch, 'hf-'));
    writeFolder(dir, tinyFolderFiles());
    const model = await openHfFolder(dir);
    expect(model.config).toEqual(CONFIG);
    expect(model.shardOf('model.norm.weight')).toBe(SHARD_2);
    expect([...(await model.read('model.norm.weight'))]).toEqual(NORM);
    await model.close();
  });

  it('refuses a path that is not a directory with E_FILE_IO', async () => {
    await expect(openHfFolder(fixture('gguf/stories260K.gguf'))).rejects.toMatchObject({
      code: ErrorCode.FileIo,
    });
  });
});
