// For vitest configs of projects that run WebGPU in Node: Debian's chromium package ships
// SwiftShader, a Vulkan driver on the CPU, so Dawn (the `webgpu` package) finds an adapter
// through it where no GPU exists (CI). A VK_ICD_FILENAMES set by the caller wins.
import { existsSync } from 'node:fs';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export function useSwiftShaderWithoutGpuDriver(): void {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD))
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
}
