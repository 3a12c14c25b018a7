// The webgpu engine of the `webgpu` suite: whatever adapter this machine has (in Node, Dawn
// through the `webgpu` package; SwiftShader only when VK_ICD_FILENAMES points at it), its label,
// and a way to wait until the queued work has run (ops only queue it).
import { cpuBackend } from '@lowbit/backend-cpu';
import { webgpuBackend } from '@lowbit/backend-webgpu';
import { Engine } from '@lowbit/core';

/** SwiftShader and other CPU adapters: their figures test the plumbing, they are no claims. */
export function isCpuAdapter(name) {
  return /swiftshader|llvmpipe|lavapipe|warp|cpu/i.test(name);
}

/** "NVIDIA … (GPU)" or "google swiftshader (SwiftShader: a CPU, not a GPU — no claims)". */
export function adapterLabel(name) {
  return isCpuAdapter(name)
    ? `${name} (SwiftShader/CPU emulation, not a GPU — these figures are not claims)`
    : name;
}

/**
 * `{ engine, backend }` on webgpu, or `{ missing }` with the reason no adapter was found.
 * The engine also holds cpu (the reference) and no wasm, so nothing falls back unseen.
 */
export async function webgpuDevice() {
  const engine = new Engine({ logger: { warn: () => {} } }).use(cpuBackend()).use(webgpuBackend());
  try {
    const backend = await engine.backends.get('webgpu');
    return { engine, backend };
  } catch (cause) {
    return { missing: cause.message };
  }
}

/** Submits what the backend queued and waits until the device has run it. */
export async function settle(backend) {
  backend.flush();
  await backend.device.queue.onSubmittedWorkDone();
}
