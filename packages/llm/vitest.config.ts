import { lowbitProject } from '../../tooling/vitest.project.ts';
import { useSwiftShaderWithoutGpuDriver } from '../../tooling/webgpu-env.ts';

// src/model/llama-webgpu.test.ts runs the model on webgpu (SwiftShader where no GPU exists).
useSwiftShaderWithoutGpuDriver();

export default lowbitProject(import.meta.url);
