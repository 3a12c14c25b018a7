/**
 * Atomic writes: the bytes go to `.NAME.<12 hex>.tmp` in the target's folder, which is then
 * renamed over the target, so readers see the old file or the new one, never a part. Temporary
 * files do not outlive an interrupted write: while one is in flight, SIGINT/SIGTERM remove it
 * before the signal takes its usual course, and each write sweeps the folder's temporary files
 * of ours that are older than this process (left by a process killed outright).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';

/** Our temporary files, and nothing else: `.` + target name + `.` + 12 hex digits + `.tmp`. */
export const TEMPORARY_NAME = /^\..+\.[0-9a-f]{12}\.tmp$/;
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const inFlight = new Set<string>();

function onSignal(signal: NodeJS.Signals): void {
  for (const path of inFlight) rmSync(path, { force: true });
  inFlight.clear();
  removeHandlers();
  // With no other listener, re-raising gives the default action: exit as killed by `signal`.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function removeHandlers(): void {
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

function track(path: string): void {
  if (inFlight.size === 0) for (const signal of SIGNALS) process.on(signal, onSignal);
  inFlight.add(path);
}

function untrack(path: string): void {
  inFlight.delete(path);
  if (inFlight.size === 0) removeHandlers();
}

/** Removes our temporary files in `folder` last modified before this process started (best effort). */
export async function sweepStaleTemporaries(folder: string): Promise<string[]> {
  const started = performance.timeOrigin;
  const removed: string[] = [];
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (!TEMPORARY_NAME.test(name)) continue;
    const path = join(folder, name);
    if (inFlight.has(path)) continue;
    const stats = await stat(path).catch(() => undefined);
    if (!stats?.isFile() || stats.mtimeMs >= started) continue;
    await rm(path, { force: true }).catch(() => {});
    removed.push(name);
  }
  return removed;
}

/**
 * Writes `data` to `path` through a temporary file in the same folder, then renames it. `data`
 * may be chunks (an async iterable) for output too large to hold at once.
 */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array | AsyncIterable<Uint8Array>,
): Promise<void> {
  const folder = dirname(path);
  await sweepStaleTemporaries(folder);
  const temporary = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  track(temporary);
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (cause) {
    await rm(temporary, { force: true });
    throw new LowbitError(
      ErrorCode.FileIo,
      `Cannot write "${path}": ${(cause as Error).message}. Check that the folder exists and is writable.`,
      { cause, details: { path } },
    );
  } finally {
    untrack(temporary);
  }
}
