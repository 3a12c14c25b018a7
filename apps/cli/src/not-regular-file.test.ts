// Issue 11 item 7: a directory or FIFO given as a file used to print E_INTERNAL with a stack
// trace (directory) or block forever (FIFO). Every command refuses them with a coded error.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectIo } from './__fixtures__/collect-io.ts';
import { run } from './program.ts';

const folder = mkdtempSync(join(tmpdir(), 'lowbit-cli-'));
const fifo = join(folder, 'pipe');
execFileSync('mkfifo', [fifo]);
const out = join(folder, 'out.bin');

describe.each([
  ['a directory', folder],
  ['a FIFO', fifo],
])('given %s as the input', (_, path) => {
  it.each([
    ['inspect', [path]],
    ['analyze', [path]],
    ['convert', [path, join(folder, 'out.gguf')]],
    ['analyze --in', ['--in', path, '--shape', '4']],
    ['encode', ['--format', 'f16', '--in', path, '--out', out]],
    ['decode', ['--format', 'f16', '--in', path, '--out', out]],
  ])('%s exits 1 with E_FILE_NOT_REGULAR and no stack trace', async (command, args) => {
    const io = collectIo();
    expect(await run([command.split(' ')[0]!, ...args], io)).toBe(1);
    expect(io.err).toMatch(/^E_FILE_NOT_REGULAR: ".*" is (a directory|a FIFO).*regular file/);
    expect(io.err).not.toMatch(/\n\s+at /);
  });
});
