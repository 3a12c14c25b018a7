/**
 * Finding a WebGPU implementation: `navigator.gpu` in browsers (and Deno), else the `webgpu`
 * package (Dawn) in Node, imported dynamically so that browsers and bundles never load it. A
 * missing implementation or adapter rejects with the reason, which the engine logs as a failed
 * probe.
 */

export interface GpuAccess {
  /** Kept alive with the device: Dawn for Node tears the instance down once it is collected. */
  gpu: GPU;
  adapter: GPUAdapter;
}

async function findGpu(): Promise<GPU> {
  const fromNavigator = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (fromNavigator) return fromNavigator;
  let dawn: { create(flags: string[]): GPU };
  try {
    // A variable specifier keeps bundlers from resolving the optional Node-only package.
    const name = 'webgpu';
    dawn = (await import(/* @vite-ignore */ name)) as typeof dawn;
  } catch (cause) {
    throw new Error(
      `no navigator.gpu, and the optional "webgpu" package (Dawn for Node) did not load: ${(cause as Error).message}`,
    );
  }
  return dawn.create([]);
}

export async function acquireGpu(): Promise<GpuAccess> {
  const gpu = await findGpu();
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    throw new Error(
      'requestAdapter() found no WebGPU adapter (no GPU driver; in Node on Linux, install libvulkan1 and a Vulkan driver, or SwiftShader with VK_ICD_FILENAMES)',
    );
  }
  return { gpu, adapter };
}
