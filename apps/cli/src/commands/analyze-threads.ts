/** `--threads` for `lowbit analyze`: how many tensors are analysed at once. */
import { availableParallelism } from 'node:os';
import { parseIntegerFlag } from '../flags.ts';

/** Each thread holds its tensor and a few scratch copies, so more than 8 rarely pays. */
const MAX_DEFAULT_THREADS = 8;

export function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_DEFAULT_THREADS));
}

export function parseThreads(text: string | undefined): number {
  if (text === undefined) return defaultThreads();
  return parseIntegerFlag('--threads', text, { min: 1, max: 64 });
}
