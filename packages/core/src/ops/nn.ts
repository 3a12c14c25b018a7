/** Transformer building blocks over the last axis of f32 tensors. */
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';
import {
  RmsNorm,
  type RmsNormAttrs,
  Rope,
  type RopeAttrs,
  Softmax,
  SwiGlu,
} from '../kernel/op-names.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { single } from './single.ts';

function rows(op: string, x: Tensor): number {
  if (x.rank === 0)
    throw new LowbitError(ErrorCode.Shape, `${op} needs at least one axis; got a scalar.`);
  return x.shape[x.rank - 1]!;
}

function sameShape(op: string, a: Tensor, b: Tensor): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new LowbitError(
      ErrorCode.Shape,
      `${op}: shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}] differ; pass equal shapes.`,
    );
  }
}

/** x / √(mean(x²) + eps) · weight over the last axis; `weight` has that axis's length. */
export async function rmsnorm(
  x: Tensor,
  weight: Tensor,
  attrs: RmsNormAttrs = {},
): Promise<Tensor> {
  const n = rows(RmsNorm, x);
  if (weight.rank !== 1 || weight.shape[0] !== n) {
    throw new LowbitError(
      ErrorCode.Shape,
      `rmsnorm: weight must have shape [${n}] (the last axis of x); got [${weight.shape.join(', ')}].`,
    );
  }
  return single(x.host.run(RmsNorm, [x, weight], attrs));
}

/** Softmax over the last axis. */
export async function softmax(x: Tensor): Promise<Tensor> {
  rows(Softmax, x);
  return single(x.host.run(Softmax, [x], {}));
}

/** Rotary position embedding: the last axis holds heads of `headDim`; row r is position offset + r. */
export async function rope(x: Tensor, attrs: RopeAttrs): Promise<Tensor> {
  const n = rows(Rope, x);
  const { headDim } = attrs;
  if (!(Number.isInteger(headDim) && headDim > 0 && headDim % 2 === 0 && n % headDim === 0)) {
    throw new LowbitError(
      ErrorCode.Shape,
      `rope: headDim ${headDim} must be even and divide the last axis (${n}).`,
    );
  }
  return single(x.host.run(Rope, [x], attrs));
}

/** silu(gate) · up (SwiGLU), or silu(gate) when `up` is omitted. */
export async function swiglu(gate: Tensor, up?: Tensor): Promise<Tensor> {
  if (up) sameShape(SwiGlu, gate, up);
  return single(gate.host.run(SwiGlu, up ? [gate, up] : [gate], {}));
}

/**
 * cos and sin of every (row, pair) angle (offset + r)·θ^(−2i/headDim), interleaved as
 * [cos, sin] per pair: the table every backend's rope kernel applies, computed in float64.
 */
export function ropeAngles(rowCount: number, attrs: RopeAttrs): Float32Array {
  const half = attrs.headDim / 2;
  const theta = attrs.theta ?? 10000;
  const offset = attrs.offset ?? 0;
  const out = new Float32Array(rowCount * half * 2);
  for (let r = 0; r < rowCount; r++) {
    for (let i = 0; i < half; i++) {
      const angle = (offset + r) * theta ** ((-2 * i) / attrs.headDim);
      out[(r * half + i) * 2] = Math.cos(angle);
      out[(r * half + i) * 2 + 1] = Math.sin(angle);
    }
  }
  return out;
}
