import { existsSync } from 'node:fs';
import { lowbitProject } from '../../tooling/vitest.project.ts';

// Debian's chromium package ships SwiftShader, a Vulkan driver on the CPU: Dawn (the `webgpu`
// package) finds an adapter through it where no GPU exists (CI).
const swiftshader = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(swiftshader))
  process.env.VK_ICD_FILENAMES = swiftshader;

export default lowbitProject(import.meta.url);
