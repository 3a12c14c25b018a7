import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fifoIn, tempFolder } from '../__fixtures__/temp-folder.ts';
import { fileSource, readRegularFile } from './file-source.ts';

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (e: { code?: string; message: string }) => `${e.code}: ${e.message}`,
  );

describe.each([
  ['fileSource', fileSource],
  ['readRegularFile', readRegularFile],
] as const)('%s refuses what is not a regular file', (_, open) => {
  it('a directory is E_FILE_NOT_REGULAR', async () => {
    const folder = tempFolder();
    expect(await codeOf(open(folder))).toMatch(
      /^E_FILE_NOT_REGULAR: .* is a directory.*pass the path of a file/,
    );
  });

  it('a FIFO with no writer is E_FILE_NOT_REGULAR, without blocking', async () => {
    const fifo = fifoIn(tempFolder());
    expect(await codeOf(open(fifo))).toMatch(/^E_FILE_NOT_REGULAR: .* is a FIFO/);
  });

  it('a device is E_FILE_NOT_REGULAR', async () => {
    expect(await codeOf(open('/dev/null'))).toMatch(/^E_FILE_NOT_REGULAR: .* is a device/);
  });

  it('a missing path is still E_FILE_IO', async () => {
    expect(await codeOf(open(join(tempFolder(), 'missing')))).toMatch(/^E_FILE_IO: /);
  });

  it('a regular file opens', async () => {
    const path = join(tempFolder(), 'f.bin');
    writeFileSync(path, new Uint8Array([1, 2, 3]));
    const opened = await open(path);
    if (opened instanceof Uint8Array) expect([...opened]).toEqual([1, 2, 3]);
    else {
      expect([...(await opened.read(1, 2))]).toEqual([2, 3]);
      await opened.close?.();
    }
  });
});
