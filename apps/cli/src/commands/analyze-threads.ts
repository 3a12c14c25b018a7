/** `--threads` for `lowbit analyze`: how many tensors are analysed at once. */
import { availableParallelism } from 'node:os';
import { ErrorCode, LowbitError } from '@lowbit/core';

/** Each thread holds its tensor and a few scratch copies, so more than 8 rarely pays. */
const MAX_DEFAULT_THREADS = 8;

export function defaultThreads(): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_DEFAULT_THREADS));
}

export function parseThreads(text: string | undefined): number {
  if (text === undefined) return defaultThreads();
  const n = Number(text);
  if (!(Number.isInteger(n) && n >= 1 && /^\d+$/.test(text.trim())))
    throw new LowbitError(ErrorCode.Usage, `--threads takes an integer ≥ 1, got "${text}".`);
  return n;
}
