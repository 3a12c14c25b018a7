export type { GpuAccess } from './acquire-gpu.ts';
export { type PoolStats, sizeClass } from './buffer-pool.ts';
export { type FormatTrait, formatTrait } from './format-traits.ts';
export { WEBGPU_PRIORITY, webgpuBackend, webgpuKernels } from './plugin.ts';
export {
  type GpuFeatures,
  type GpuStats,
  type GpuStorage,
  WebGpuBackend,
  type WebGpuContext,
  type WebGpuOptions,
} from './webgpu-backend.ts';
