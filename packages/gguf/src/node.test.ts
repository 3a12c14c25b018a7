import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openGgufFile } from './node.ts';

describe('openGgufFile', () => {
  const folder = mkdtempSync(join(tmpdir(), 'lowbit-gguf-'));

  it('refuses a directory with E_FILE_NOT_REGULAR (was a plain Error)', async () => {
    await expect(openGgufFile(folder)).rejects.toMatchObject({ code: 'E_FILE_NOT_REGULAR' });
  });

  it('refuses a FIFO with E_FILE_NOT_REGULAR instead of blocking', async () => {
    const fifo = join(folder, 'pipe');
    execFileSync('mkfifo', [fifo]);
    await expect(openGgufFile(fifo)).rejects.toMatchObject({ code: 'E_FILE_NOT_REGULAR' });
  });
});
