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
import { ropeTableRows } from './rope-table.ts';
import { inPlaceRows, type WasmContext } from './row-kernel.ts';

const lastAxis = (x: Tensor) => x.shape[x.rank - 1]!;

export const rmsnormConfig: KernelConfig<typeof RmsNorm, WasmBackend> = {
  op: RmsNorm,
  backend: 'wasm',
  fn([x, weight]: readonly Tensor[], attrs: RmsNormAttrs, context: WasmContext): Tensor {
    const { backend } = context;
    const [px, pw] = [backend.ptr(x!), backend.ptr(weight!)];
    const n = lastAxis(x!);
    return backend.output(context, x!.shape, (py) =>
      backend.kernels.exports.rmsnorm(px, pw, py, x!.size / n, n, attrs.eps ?? 1e-5),
    );
  },
};

export const softmaxConfig: KernelConfig<typeof Softmax, WasmBackend> = {
  op: Softmax,
  backend: 'wasm',
  fn: inPlaceRows((kernels, at, rows, n, _attrs: object) => kernels.exports.softmax(at, rows, n)),
};

export const ropeConfig: KernelConfig<typeof Rope, WasmBackend> = {
  op: Rope,
  backend: 'wasm',
  fn: inPlaceRows((kernels, at, rows, n, attrs: RopeAttrs) =>
    kernels.call((frame) =>
      kernels.exports.rope(
        at,
        rows,
        n / attrs.headDim,
        attrs.headDim,
        ropeTableRows(kernels, rows, attrs) ?? frame.put(ropeAngles(rows, attrs)),
        attrs.style === 'neox' ? 1 : 0,
      ),
    ),
  ),
};

export const swigluConfig: KernelConfig<typeof SwiGlu, WasmBackend> = {
  op: SwiGlu,
  backend: 'wasm',
  fn([gate, up]: readonly Tensor[], _attrs: object, context: WasmContext): Tensor {
    const { backend } = context;
    const pg = backend.ptr(gate!);
    const pu = up ? backend.ptr(up) : 0;
    return backend.output(context, gate!.shape, (py) =>
      backend.kernels.exports.swiglu(pg, pu, py, gate!.size),
    );
  },
};
