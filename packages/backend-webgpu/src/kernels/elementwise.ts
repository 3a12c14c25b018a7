/** add and mul with NumPy broadcasting, and swiglu, on f32 (wgsl/kernels/binary.wgsl, swiglu.wgsl). */
import { broadcastStrides } from '@lowbit/backend-cpu';
import {
  Add,
  broadcastShapes,
  defineKernel,
  ErrorCode,
  LowbitError,
  Mul,
  type Shape,
  SwiGlu,
  type Tensor,
} from '@lowbit/core';
import type { WebGpuContext } from '../webgpu-backend.ts';
import { runF32 } from './f32-kernel.ts';

const MAX_RANK = 8;

const padded = (values: readonly number[]) => [
  ...values,
  ...new Array<number>(MAX_RANK - values.length).fill(0),
];

function binary(op: typeof Add | typeof Mul, code: number) {
  return defineKernel({
    op,
    backend: 'webgpu',
    fn([a, b]: readonly Tensor[], _attrs: object, context: WebGpuContext): Tensor {
      const { backend } = context;
      const shape = broadcastShapes(a!.shape, b!.shape);
      if (shape.length > MAX_RANK)
        throw new LowbitError(
          ErrorCode.Unsupported,
          `webgpu ${op} takes at most ${MAX_RANK} axes, got ${shape.length}; reshape first.`,
        );
      const out = backend.output(context, shape);
      const size = out.size;
      if (size === 0) return out;
      const walk = shape.length === 0 ? [1] : shape;
      const pad = (s: Shape) => (shape.length === 0 ? [1] : s);
      runF32(backend, 'kernels/binary', {
        count: size,
        // rank, op, then (after padding to the vec4 arrays) shape and both stride lists.
        words: [
          walk.length,
          code,
          ...padded(walk),
          ...padded(broadcastStrides(pad(a!.shape), walk)),
          ...padded(broadcastStrides(pad(b!.shape), walk)),
        ],
        buffers: [backend.buffer(a!), backend.buffer(b!), backend.buffer(out)],
      });
      return out;
    },
  });
}

export const addKernel = binary(Add, 0);
export const mulKernel = binary(Mul, 1);

export const swigluKernel = defineKernel({
  op: SwiGlu,
  backend: 'webgpu',
  fn([gate, up]: readonly Tensor[], _attrs: object, context: WebGpuContext): Tensor {
    const { backend } = context;
    const out = backend.output(context, gate!.shape);
    if (out.size === 0) return out;
    runF32(backend, 'kernels/swiglu', {
      count: out.size,
      words: [up ? 1 : 0],
      buffers: [backend.buffer(gate!), backend.buffer(up ?? gate!), backend.buffer(out)],
    });
    return out;
  },
});
