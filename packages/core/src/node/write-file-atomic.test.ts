import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleForNode } from '../__fixtures__/bundle-for-node.ts';
import { tempFolder } from '../__fixtures__/temp-folder.ts';
import { TEMPORARY_NAME, writeFileAtomic } from './write-file-atomic.ts';

const child = fileURLToPath(new URL('../__fixtures__/interrupted-write.ts', import.meta.url));

/** Runs the stalling writer, signals it once its temporary file exists, returns how it ended. */
async function interrupt(signal: NodeJS.Signals, folder: string) {
  const script = await bundleForNode(child, tempFolder());
  const proc = spawn(process.execPath, [script, join(folder, 'model.gguf')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let seenTemporary = false;
  proc.stdout.on('data', () => {
    seenTemporary = readdirSync(folder).some((n) => TEMPORARY_NAME.test(n));
    proc.kill(signal);
  });
  const [code, ended] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    proc.on('exit', (c, s) => resolve([c, s])),
  );
  return { code, signal: ended, seenTemporary };
}

describe('writeFileAtomic', () => {
  it('writes through a temporary file and leaves only the target', async () => {
    const folder = tempFolder();
    await writeFileAtomic(join(folder, 'a.bin'), new Uint8Array([1, 2]));
    expect(readdirSync(folder)).toEqual(['a.bin']);
    expect([...readFileSync(join(folder, 'a.bin'))]).toEqual([1, 2]);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'a %s mid-write removes the temporary file and still ends the process by that signal',
    async (signal) => {
      const folder = tempFolder();
      const ended = await interrupt(signal, folder);
      expect(ended).toEqual({ code: null, signal, seenTemporary: true });
      expect(readdirSync(folder)).toEqual([]);
    },
  );

  it('sweeps our stale temporary files, keeps fresh ones (a write in flight) and unrelated files', async () => {
    const folder = tempFolder();
    const stale = '.model.gguf.0123456789ab.tmp';
    const fresh = '.other.gguf.ba9876543210.tmp';
    const unrelated = [
      '.model.gguf.tmp',
      'notes.tmp',
      '.x.0123456789abc.tmp',
      '.y.0123456789AB.tmp',
    ];
    for (const name of [stale, fresh, ...unrelated]) writeFileSync(join(folder, name), 'x');
    const beforeThisProcess = (performance.timeOrigin - 60_000) / 1000;
    utimesSync(join(folder, stale), beforeThisProcess, beforeThisProcess);
    for (const name of unrelated)
      utimesSync(join(folder, name), beforeThisProcess, beforeThisProcess);
    await writeFileAtomic(join(folder, 'out.bin'), new Uint8Array([7]));
    expect(readdirSync(folder).sort()).toEqual([fresh, ...unrelated, 'out.bin'].sort());
  });

  it('removes its temporary file and gives E_FILE_IO when the write fails', async () => {
    const folder = tempFolder();
    const error = await writeFileAtomic(join(folder, 'missing', 'a.bin'), new Uint8Array(1)).catch(
      (e) => e,
    );
    expect(error.code).toBe('E_FILE_IO');
  });
});
