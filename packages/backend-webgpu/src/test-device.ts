/**
 * Test helper: whether a WebGPU adapter exists here. Locally its absence skips the GPU tests
 * (with the reason printed); in CI (CI=true) it throws, so a missing driver fails the run.
 */
import { acquireGpu } from './acquire-gpu.ts';

export async function adapterOrSkip(): Promise<boolean> {
  try {
    await acquireGpu();
    return true;
  } catch (cause) {
    const reason = (cause as Error).message;
    if (process.env.CI === 'true' || process.env.CI === '1')
      throw new Error(`CI needs a WebGPU adapter (see .ci/run): ${reason}`);
    console.warn(`webgpu tests skipped: ${reason}`);
    return false;
  }
}
