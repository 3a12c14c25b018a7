/**
 * decode, get-rows and fused-dequant linear for every format with a WGSL decoder: each kernel's
 * source is the format's snippet (format-traits.ts) followed by the kernel, one pipeline per
 * (kernel, format). The configs are generated from the formats registered when the plugin is
 * made, never from a list of names.
 */
import {
  Decode,
  defineKernel,
  type Format,
  GetRows,
  type GetRowsAttrs,
  type KernelConfig,
  Linear,
  type Tensor,
} from '@lowbit/core';
import { type FormatTrait, formatTrait } from '../format-traits.ts';
import { grid, uniforms } from '../grid.ts';
import type { WebGpuBackend, WebGpuContext } from '../webgpu-backend.ts';
import { wgsl } from '../wgsl.generated.ts';

type FormatKernel = 'kernels/decode' | 'kernels/get-rows' | 'kernels/linear';

function trait(backend: WebGpuBackend, format: Format): FormatTrait {
  return formatTrait(format, backend.features)!;
}

/** Records `kernel` over the packed tensor `source` (bindings 1 and 2), then `extra` from 3. */
function run(
  backend: WebGpuBackend,
  kernel: FormatKernel,
  source: Tensor,
  words: readonly number[],
  count: number,
  extra: readonly GPUBuffer[],
): void {
  const t = trait(backend, source.format);
  const { workgroups, stride } = grid(count);
  backend.dispatch({
    key: `${kernel}|${t.key}|64`,
    code: t.code + wgsl[kernel],
    uniforms: uniforms([count, stride, ...words]),
    buffers: [
      backend.buffer(source),
      t.table ? backend.constant(t.key, t.table) : undefined,
      ...extra,
    ],
    workgroups,
  });
}

function decodeKernel(format: string): KernelConfig {
  return defineKernel({
    op: Decode,
    backend: 'webgpu',
    formats: [format],
    fn([x]: readonly Tensor[], _attrs: object, context: WebGpuContext): Tensor {
      const { backend } = context;
      const out = backend.output(context, x!.shape);
      run(backend, 'kernels/decode', x!, [], x!.size, [backend.buffer(out)]);
      return out;
    },
  });
}

function getRowsKernel(format: string): KernelConfig {
  return defineKernel({
    op: GetRows,
    backend: 'webgpu',
    formats: [format],
    fn([table]: readonly Tensor[], attrs: GetRowsAttrs, context: WebGpuContext): Tensor {
      const { backend } = context;
      const dim = table!.shape[table!.rank - 1]!;
      const rows = attrs.indices.length;
      const out = backend.output(context, [rows, dim]);
      if (rows === 0) return out;
      const indices = backend.scratch(Uint32Array.from(attrs.indices));
      run(backend, 'kernels/get-rows', table!, [dim], rows * dim, [backend.buffer(out), indices]);
      return out;
    },
  });
}

function linearKernels(format: string): KernelConfig[] {
  const fn = (
    [x, w, scales]: readonly Tensor[],
    _attrs: object,
    context: WebGpuContext,
  ): Tensor => {
    const { backend } = context;
    const [n, k] = [w!.shape[0]!, w!.shape[1]!];
    const m = x!.size / k;
    const groups = scales ? scales.shape[1]! : 1;
    const out = backend.output(context, [...x!.shape.slice(0, -1), n]);
    const extra = [backend.buffer(out), backend.buffer(x!), backend.buffer(scales ?? x!)];
    run(backend, 'kernels/linear', w!, [n, k, groups, scales ? 1 : 0], m * n, extra);
    return out;
  };
  return [
    defineKernel({ op: Linear, backend: 'webgpu', formats: ['f32', format], fn }),
    defineKernel({ op: Linear, backend: 'webgpu', formats: ['f32', format, 'f32'], fn }),
  ];
}

/** The format kernels for every format in `formats` that has a WGSL decoder. */
export function formatKernels(formats: readonly Format[]): KernelConfig[] {
  return formats
    .filter((f) => formatTrait(f) !== undefined)
    .flatMap((f) => [
      ...(f.name === 'f32' ? [] : [decodeKernel(f.name)]),
      getRowsKernel(f.name),
      ...linearKernels(f.name),
    ]);
}
