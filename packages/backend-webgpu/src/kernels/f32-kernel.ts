/** Recording an f32 kernel that has no format snippet: its key is (kernel, constants, features). */
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
  },
): void {
  const shape = options.count === undefined ? undefined : grid(options.count);
  const constants = options.constants;
  backend.dispatch({
    key: `${kernel}|${JSON.stringify(constants ?? {})}|${backend.features.f16 ? 'f16' : 'f32'}`,
    code: wgsl[kernel],
    ...(constants ? { constants } : {}),
    uniforms: uniforms(shape ? [options.count!, shape.stride, ...options.words] : options.words),
    buffers: options.buffers,
    workgroups: shape?.workgroups ?? options.workgroups!,
  });
}
