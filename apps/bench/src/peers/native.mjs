// Native peers built by build-peers.mjs into apps/bench/.peers/bin: where they are, and a
// measure() task that runs one in a child process for a round of bursts on our input files.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const peersDir = new URL('../../.peers/', import.meta.url).pathname;
export const buildCommand = 'pnpm --filter @lowbit/bench peers';

/** The path of a built peer binary, or null. */
export function peerBinary(name) {
  const path = join(peersDir, 'bin', name);
  return existsSync(path) ? path : null;
}

/** The cell for a peer that is not built: says how to build it, never a number. */
export const notBuilt = (name) => `peer not built (run \`${buildCommand}\`; ${name})`;

let scratch;
/** Writes bytes to a file in a per-process temp folder for a native peer to read. */
export function inputFile(name, bytes) {
  scratch ??= mkdtempSync(join(tmpdir(), 'lowbit-bench-'));
  const path = join(scratch, name);
  writeFileSync(path, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return path;
}

/** A measure() task: one run of `binary args… bursts burstMs` per round, its JSON burst times. */
export function nativeTask(binary, args, { env } = {}) {
  return {
    bursts(count, burstMs) {
      const run = spawnSync(binary, [...args.map(String), String(count), String(burstMs)], {
        encoding: 'utf8',
        env,
      });
      if (run.status !== 0) throw new Error(`${binary} failed (${run.status}): ${run.stderr}`);
      return JSON.parse(run.stdout).ms;
    },
  };
}
