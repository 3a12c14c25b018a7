import { lowbitProject } from '../../tooling/vitest.project.ts';
import { useSwiftShaderWithoutGpuDriver } from '../../tooling/webgpu-env.ts';

useSwiftShaderWithoutGpuDriver();

export default lowbitProject(import.meta.url);
