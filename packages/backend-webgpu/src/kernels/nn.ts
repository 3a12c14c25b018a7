/** rmsnorm, softmax (wgsl/kernels/rows.wgsl) and rope (rope.wgsl) on f32 rows. */
import { ropeAngles } from '@lowbit/backend-cpu';
import {
  defineKernel,
  RmsNorm,
  type RmsNormAttrs,
  Rope,
  type RopeAttrs,
  Softmax,
  type Tensor,
} from '@lowbit/core';
import { f32Word, grid } from '../grid.ts';
import type { WebGpuContext } from '../webgpu-backend.ts';

import { runF32 } from './f32-kernel.ts';

const lastAxis = (x: Tensor) => x.shape[x.rank - 1]!;

/** One workgroup per row of the last axis; `weight` is x itself for softmax. */
function rowKernel(op: 0 | 1, x: Tensor, weight: Tensor, eps: number, context: WebGpuContext) {
  const { backend } = context;
  const n = lastAxis(x);
  const rows = n === 0 ? 0 : x.size / n;
  const out = backend.output(context, x.shape);
  if (rows === 0) return out;
  const { workgroups } = grid(rows, 1);
  runF32(backend, 'kernels/rows', {
    words: [rows, n, f32Word(eps), workgroups[0]],
    buffers: [backend.buffer(x), backend.buffer(weight), backend.buffer(out)],
    workgroups,
    constants: { OP: op },
  });
  return out;
}

export const rmsnormKernel = defineKernel({
  op: RmsNorm,
  backend: 'webgpu',
  fn: ([x, w]: readonly Tensor[], attrs: RmsNormAttrs, context: WebGpuContext) =>
    rowKernel(0, x!, w!, attrs.eps ?? 1e-5, context),
});

export const softmaxKernel = defineKernel({
  op: Softmax,
  backend: 'webgpu',
  fn: ([x]: readonly Tensor[], _attrs: object, context: WebGpuContext) =>
    rowKernel(1, x!, x!, 0, context),
});

export const ropeKernel = defineKernel({
  op: Rope,
  backend: 'webgpu',
  fn([x]: readonly Tensor[], attrs: RopeAttrs, context: WebGpuContext): Tensor {
    const { backend } = context;
    const n = lastAxis(x!);
    const out = backend.output(context, x!.shape);
    if (out.size === 0) return out;
    const rows = x!.size / n;
    const angles = backend.scratch(ropeAngles(rows, attrs));
    runF32(backend, 'kernels/rope', {
      count: out.size / 2,
      words: [n, attrs.headDim, attrs.style === 'neox' ? 1 : 0],
      buffers: [backend.buffer(x!), angles, backend.buffer(out)],
    });
    return out;
  },
});
