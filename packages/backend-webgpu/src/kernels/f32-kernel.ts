/** Recording a kernel that has no format snippet: its key is (kernel, prelude, constants). */
import { grid, uniforms } from '../grid.ts';
import type { WebGpuBackend } from '../webgpu-backend.ts';
import { type WgslName, wgsl } from '../wgsl.generated.ts';

export function runF32(
  backend: WebGpuBackend,
  kernel: WgslName,
  options: {
    words: readonly number[];
    buffers: readonly GPUBuffer[];
    /** Invocations (64 per workgroup), or explicit workgroups. */
    count?: number;
    workgroups?: readonly [number, number?, number?];
    constants?: Record<string, number>;
    /** A snippet placed before the kernel (a KV-cache reader): part of the key. */
    prelude?: WgslName;
  },
): void {
  const shape = options.count === undefined ? undefined : grid(options.count);
  const constants = options.constants;
  backend.dispatch({
    key: `${kernel}|${options.prelude ?? ''}|${JSON.stringify(constants ?? {})}`,
    code: (options.prelude ? wgsl[options.prelude] : '') + wgsl[kernel],
    ...(constants ? { constants } : {}),
    uniforms: uniforms(shape ? [options.count!, shape.stride, ...options.words] : options.words),
    buffers: options.buffers,
    workgroups: shape?.workgroups ?? options.workgroups!,
  });
}
