/** Scratch folders and FIFOs for the Node file tests. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempFolder(): string {
  return mkdtempSync(join(tmpdir(), 'lowbit-'));
}

/** A named pipe with no writer: opening it plainly for reading would block forever. */
export function fifoIn(folder: string, name = 'pipe'): string {
  const path = join(folder, name);
  execFileSync('mkfifo', [path]);
  return path;
}
