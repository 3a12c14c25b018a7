/**
 * `lowbit eval`'s default `--threads`: rows scored at once. Each worker holds its own copy of the
 * model, decoded to f32 while it is rotated and re-quantized, so the default is bounded by memory
 * as well as by cores: at most half the free memory, at 12 bytes per weight (f32 values, the
 * re-encoded copy and scratch) per thread.
 */
import { freemem } from 'node:os';
import { defaultThreads } from './analyze-threads.ts';
import { openModelPath } from './llm-model.ts';

const BYTES_PER_WEIGHT_PER_THREAD = 12;

export async function defaultEvalThreads(modelPath: string): Promise<number> {
  const file = await openModelPath(modelPath);
  const weights = file.tensors.reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0);
  await file.close();
  const fit = Math.floor(freemem() / 2 / Math.max(1, weights * BYTES_PER_WEIGHT_PER_THREAD));
  return Math.max(1, Math.min(defaultThreads(), fit));
}
