import { BACKEND_API_VERSION, type BackendPlugin } from '@lowbit/core';
import { CpuBackend } from './cpu-backend.ts';
import { cpuKernels } from './register-all-kernels.ts';

/** Lowest built-in priority: every other backend is preferred where it works. */
export const CPU_PRIORITY = 1;

/** The cpu backend plugin: `use(cpuBackend())`. */
export function cpuBackend(): BackendPlugin {
  return {
    name: 'cpu',
    apiVersion: BACKEND_API_VERSION,
    priority: CPU_PRIORITY,
    probe: () => 1,
    init: () => new CpuBackend(),
    kernels: cpuKernels,
  };
}
