/** Transformer building blocks on f32 rows, computed in float64 and rounded once. */
import {
  defineKernel,
  RmsNorm,
  type RmsNormAttrs,
  Rope,
  type RopeAttrs,
  Softmax,
  SwiGlu,
  type Tensor,
} from '@lowbit/core';
import { type CpuContext, floatResult } from '../kernel-helpers.ts';
import { ropeAngles } from '../shared/rope-angles.ts';

const lastAxis = (x: Tensor) => x.shape[x.rank - 1]!;

export const rmsnormConfig = defineKernel({
  op: RmsNorm,
  backend: 'cpu',
  fn([x, weight]: readonly Tensor[], attrs: RmsNormAttrs, context: CpuContext): Tensor {
    const n = lastAxis(x!);
    const values = context.backend.floats(x!);
    const w = context.backend.floats(weight!);
    const out = new Float32Array(values.length);
    for (let at = 0; at < values.length; at += n) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += values[at + j]! ** 2;
      const scale = 1 / Math.sqrt(sum / n + (attrs.eps ?? 1e-5));
      for (let j = 0; j < n; j++) out[at + j] = values[at + j]! * scale * w[j]!;
    }
    return floatResult(context, out, x!.shape);
  },
});

export const softmaxConfig = defineKernel({
  op: Softmax,
  backend: 'cpu',
  fn([x]: readonly Tensor[], _attrs: object, context: CpuContext): Tensor {
    const n = lastAxis(x!);
    const values = context.backend.floats(x!);
    const out = new Float32Array(values.length);
    for (let at = 0; at < values.length; at += n) {
      let top = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < n; j++) top = Math.max(top, values[at + j]!);
      let sum = 0;
      for (let j = 0; j < n; j++) sum += Math.exp(values[at + j]! - top);
      for (let j = 0; j < n; j++) out[at + j] = Math.exp(values[at + j]! - top) / sum;
    }
    return floatResult(context, out, x!.shape);
  },
});

export const ropeConfig = defineKernel({
  op: Rope,
  backend: 'cpu',
  fn([x]: readonly Tensor[], attrs: RopeAttrs, context: CpuContext): Tensor {
    const n = lastAxis(x!);
    const out = context.backend.floats(x!).slice();
    const rowCount = out.length / n;
    const { headDim } = attrs;
    const half = headDim / 2;
    const angles = ropeAngles(rowCount, attrs);
    const neox = attrs.style === 'neox';
    for (let r = 0; r < rowCount; r++) {
      for (let head = r * n; head < (r + 1) * n; head += headDim) {
        for (let i = 0; i < half; i++) {
          const c = angles[(r * half + i) * 2]!;
          const s = angles[(r * half + i) * 2 + 1]!;
          const p0 = head + (neox ? i : 2 * i);
          const p1 = head + (neox ? i + half : 2 * i + 1);
          const x0 = out[p0]!;
          const x1 = out[p1]!;
          out[p0] = x0 * c - x1 * s;
          out[p1] = x0 * s + x1 * c;
        }
      }
    }
    return floatResult(context, out, x!.shape);
  },
});

export const swigluConfig = defineKernel({
  op: SwiGlu,
  backend: 'cpu',
  fn([gate, up]: readonly Tensor[], _attrs: object, context: CpuContext): Tensor {
    const g = context.backend.floats(gate!);
    const u = up ? context.backend.floats(up) : undefined;
    const out = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) {
      const silu = g[i]! / (1 + Math.exp(-g[i]!));
      out[i] = u ? silu * u[i]! : silu;
    }
    return floatResult(context, out, gate!.shape);
  },
});
