/**
 * The webgpu plugin: `use(webgpuBackend())`. Probing finds an adapter (navigator.gpu, or Dawn
 * through the optional `webgpu` package in Node); init requests the device and reads its
 * features and limits. Format kernels are generated for the formats registered when the plugin
 * is made, so register formats (`registerAllFormats()`) first.
 */
import {
  BACKEND_API_VERSION,
  type BackendPlugin,
  f32,
  type KernelConfig,
  listFormats,
} from '@lowbit/core';
import { acquireGpu, type GpuAccess } from './acquire-gpu.ts';
import { attentionKernels } from './kernels/attention.ts';
import { addKernel, mulKernel, swigluKernel } from './kernels/elementwise.ts';
import { encodeKernel } from './kernels/encode.ts';
import { formatKernels } from './kernels/format-kernels.ts';
import { matmulKernel } from './kernels/matmul.ts';
import { rmsnormKernel, ropeKernel, softmaxKernel } from './kernels/nn.ts';
import {
  blockHadamardKernel,
  dctKernel,
  fftKernel,
  fwhtKernel,
  randomHadamardKernel,
} from './kernels/transforms.ts';
import { writeRowsF16Kernel, writeRowsKernel } from './kernels/write-rows.ts';
import { WebGpuBackend, type WebGpuOptions } from './webgpu-backend.ts';

/** Above wasm (2): preferred wherever a WebGPU adapter exists. */
export const WEBGPU_PRIORITY = 3;

/** Every webgpu kernel: the f32 ones, then decode/getRows/linear per decodable format. */
export function webgpuKernels(): KernelConfig[] {
  return [
    addKernel,
    ...attentionKernels,
    blockHadamardKernel,
    dctKernel,
    encodeKernel,
    fftKernel,
    fwhtKernel,
    randomHadamardKernel,
    matmulKernel,
    mulKernel,
    rmsnormKernel,
    ropeKernel,
    softmaxKernel,
    swigluKernel,
    writeRowsKernel,
    writeRowsF16Kernel,
    ...formatKernels([f32, ...listFormats().filter((f) => f.name !== 'f32')]),
  ];
}

/** A CPU implementation of WebGPU (SwiftShader, lavapipe): Dawn marks it a fallback adapter. */
function isSoftwareAdapter(adapter: GPUAdapter): boolean {
  const legacy = (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter;
  return adapter.info?.isFallbackAdapter ?? legacy ?? false;
}

export function webgpuBackend(options: WebGpuOptions = {}): BackendPlugin {
  let access: Promise<GpuAccess> | undefined;
  const gpu = () => {
    access ??= acquireGpu();
    return access;
  };
  return {
    name: 'webgpu',
    apiVersion: BACKEND_API_VERSION,
    priority: WEBGPU_PRIORITY,
    async probe() {
      const { adapter } = await gpu();
      if (options.hardwareOnly && isSoftwareAdapter(adapter))
        throw new Error(
          `the adapter (${adapter.info?.description || 'unnamed'}) is a software fallback, and hardwareOnly refuses it`,
        );
      return 1;
    },
    async init() {
      const found = await gpu();
      const wanted: GPUFeatureName[] = ['shader-f16', 'subgroups'];
      const requiredFeatures = wanted.filter((f) => found.adapter.features.has(f));
      const device = await found.adapter.requestDevice({
        requiredFeatures,
        requiredLimits: {
          maxStorageBufferBindingSize: found.adapter.limits.maxStorageBufferBindingSize,
          maxBufferSize: found.adapter.limits.maxBufferSize,
        },
      });
      return new WebGpuBackend(found, device, options);
    },
    kernels: webgpuKernels(),
  };
}
