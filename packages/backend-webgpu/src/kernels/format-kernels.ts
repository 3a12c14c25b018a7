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

type FormatKernel =
  | 'kernels/decode'
  | 'kernels/get-rows'
  | 'kernels/linear'
  | 'kernels/linear-tiled';

/** linear with at least this many rows of x runs the tiled GEMM (prefill), else the GEMV. */
export const TILED_LINEAR_ROWS = 4;
const TILE = 16;

function trait(backend: WebGpuBackend, format: Format): FormatTrait {
  return formatTrait(format, backend.features)!;
}

/**
 * Records `kernel` over the packed tensor `source` (bindings 1 and 2), then `extra` from 3:
 * `count` invocations of 64 (the index rebuilt from the grid), or explicit `workgroups`.
 */
function run(
  backend: WebGpuBackend,
  kernel: FormatKernel,
  source: Tensor,
  words: readonly number[],
  size: { count: number } | { workgroups: [number, number] },
  extra: readonly GPUBuffer[],
): void {
  const t = trait(backend, source.format);
  const shape = 'count' in size ? grid(size.count) : undefined;
  backend.dispatch({
    key: `${kernel}|${t.key}`,
    code: t.code + wgsl[kernel],
    uniforms: uniforms('count' in size ? [size.count, shape!.stride, ...words] : words),
    buffers: [
      backend.buffer(source),
      t.table ? backend.constant(t.key, t.table) : undefined,
      ...extra,
    ],
    workgroups: 'count' in size ? shape!.workgroups : size.workgroups,
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
      run(backend, 'kernels/decode', x!, [], { count: x!.size }, [backend.buffer(out)]);
      backend.countDecoded(x!.size);
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
      const count = rows * dim;
      run(backend, 'kernels/get-rows', table!, [dim], { count }, [backend.buffer(out), indices]);
      backend.countDecoded(count);
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
    if (out.size === 0) return out;
    const extra = [backend.buffer(out), backend.buffer(x!), backend.buffer(scales ?? x!)];
    const scaled = scales ? 1 : 0;
    if (m >= TILED_LINEAR_ROWS) {
      const workgroups: [number, number] = [Math.ceil(n / TILE), Math.ceil(m / TILE)];
      run(backend, 'kernels/linear-tiled', w!, [m, n, k, groups, scaled], { workgroups }, extra);
      backend.countDecoded(n * k * workgroups[1]);
    } else {
      run(backend, 'kernels/linear', w!, [n, k, groups, scaled], { count: m * n }, extra);
      backend.countDecoded(m * n * k);
    }
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
