/** f32 matmul, 2-D or batched, with transposes (wgsl/kernels/matmul.wgsl, 16×16 tiles). */
import { defineKernel, MatMul, type MatMulAttrs, matmulDims, type Tensor } from '@lowbit/core';
import type { WebGpuContext } from '../webgpu-backend.ts';
import { runF32 } from './f32-kernel.ts';

const TILE = 16;

export const matmulKernel = defineKernel({
  op: MatMul,
  backend: 'webgpu',
  fn([a, b]: readonly Tensor[], attrs: MatMulAttrs, context: WebGpuContext): Tensor {
    const { backend } = context;
    const { transposeA = false, transposeB = false } = attrs;
    const dims = matmulDims(a!.shape, b!.shape, transposeA, transposeB);
    const out = backend.output(context, dims.shape);
    if (out.size === 0) return out;
    runF32(backend, 'kernels/matmul', {
      words: [
        dims.m,
        dims.n,
        dims.k,
        transposeA ? 1 : 0,
        transposeB ? 1 : 0,
        dims.strideA,
        dims.strideB,
      ],
      buffers: [backend.buffer(a!), backend.buffer(b!), backend.buffer(out)],
      workgroups: [Math.ceil(dims.n / TILE), Math.ceil(dims.m / TILE), dims.batch],
    });
    return out;
  },
});
