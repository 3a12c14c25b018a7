/**
 * Whether the engine's `webgpu` backend initialises here. Locally its absence skips the GPU
 * tests (with the reason printed); in CI (CI=true) it throws, so a missing driver fails the run.
 */
import type { Engine } from '@lowbit/core';

export const inCi = () => process.env.CI === 'true' || process.env.CI === '1';

/** Skips locally (printing `reason`), throws in CI. */
export function skipOrFailInCi(what: string, reason: string): false {
  if (inCi()) throw new Error(`CI needs ${what} (see .ci/run): ${reason}`);
  console.warn(`${what} missing, tests skipped: ${reason}`);
  return false;
}

export async function webgpuOrSkip(engine: Engine): Promise<boolean> {
  try {
    await engine.backends.get('webgpu');
    return true;
  } catch (cause) {
    return skipOrFailInCi('a WebGPU adapter', (cause as Error).message);
  }
}
