/**
 * Test helper: whether a WebGPU adapter exists here. Locally its absence skips the GPU tests
 * (with the reason printed); in CI (CI=true) it throws, so a missing driver fails the run.
 */
import { skipOrFailInCi } from '../../../tooling/test-helpers/webgpu.ts';
import { acquireGpu } from './acquire-gpu.ts';

export async function adapterOrSkip(): Promise<boolean> {
  try {
    await acquireGpu();
    return true;
  } catch (cause) {
    return skipOrFailInCi('a WebGPU adapter', (cause as Error).message);
  }
}
