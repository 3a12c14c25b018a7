/** RMSNorm, softmax, rotary embedding and SwiGLU on wasm (f32 rows in linear memory). */

import { ropeAngles } from '@lowbit/backend-cpu';
import {
  type KernelConfig,
  RmsNorm,
  type RmsNormAttrs,
  Rope,
  type RopeAttrs,
  Softmax,
  SwiGlu,
  type Tensor,
} from '@lowbit/core';
import type { WasmBackend } from '../wasm-backend.ts';
import { floats, rowKernel, type WasmContext } from './row-kernel.ts';

const lastAxis = (x: Tensor) => x.shape[x.rank - 1]!;

export const rmsnormConfig: KernelConfig<typeof RmsNorm, WasmBackend> = {
  op: RmsNorm,
  backend: 'wasm',
  fn([x, weight]: readonly Tensor[], attrs: RmsNormAttrs, context: WasmContext): Tensor {
    const { kernels } = context.backend;
    const frame = kernels.frame();
    const px = frame.put(context.backend.floats(x!));
    const pw = frame.put(context.backend.floats(weight!));
    const py = frame.reserve(x!.size * 4);
    const n = lastAxis(x!);
    kernels.exports.rmsnorm(px, pw, py, x!.size / n, n, attrs.eps ?? 1e-5);
    return floats(context, frame.floats(py, x!.size).slice(), x!.shape);
  },
};

export const softmaxConfig: KernelConfig<typeof Softmax, WasmBackend> = {
  op: Softmax,
  backend: 'wasm',
  fn: rowKernel((input, n, _attrs: object, { backend }) =>
    backend.kernels.mapRows(input, n, (_frame, at, count) =>
      backend.kernels.exports.softmax(at, count, n),
    ),
  ),
};

export const ropeConfig: KernelConfig<typeof Rope, WasmBackend> = {
  op: Rope,
  backend: 'wasm',
  fn: rowKernel((input, n, attrs: RopeAttrs, { backend }) => {
    const { kernels } = backend;
    const count = input.length / n;
    const frame = kernels.frame();
    const px = frame.put(input);
    const angles = frame.put(ropeAngles(count, attrs));
    kernels.exports.rope(
      px,
      count,
      n / attrs.headDim,
      attrs.headDim,
      angles,
      attrs.style === 'neox' ? 1 : 0,
    );
    return frame.floats(px, input.length).slice();
  }),
};

export const swigluConfig: KernelConfig<typeof SwiGlu, WasmBackend> = {
  op: SwiGlu,
  backend: 'wasm',
  fn([gate, up]: readonly Tensor[], _attrs: object, context: WasmContext): Tensor {
    const { kernels } = context.backend;
    const frame = kernels.frame();
    const pg = frame.put(context.backend.floats(gate!));
    const pu = up ? frame.put(context.backend.floats(up)) : 0;
    const py = frame.reserve(gate!.size * 4);
    kernels.exports.swiglu(pg, pu, py, gate!.size);
    return floats(context, frame.floats(py, gate!.size).slice(), gate!.shape);
  },
};
