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
import { NO_ATTRS } from './no-attrs.ts';

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
export function rmsnorm(x: Tensor, weight: Tensor, attrs: RmsNormAttrs = NO_ATTRS): Tensor {
  const n = rows(RmsNorm, x);
  if (weight.rank !== 1 || weight.shape[0] !== n) {
    throw new LowbitError(
      ErrorCode.Shape,
      `rmsnorm: weight must have shape [${n}] (the last axis of x); got [${weight.shape.join(', ')}].`,
    );
  }
  return x.host.runOne(RmsNorm, [x, weight], attrs);
}

/** Softmax over the last axis. */
export function softmax(x: Tensor): Tensor {
  rows(Softmax, x);
  return x.host.runOne(Softmax, [x], NO_ATTRS);
}

/** Rotary position embedding: the last axis holds heads of `headDim`; row r is position offset + r. */
export function rope(x: Tensor, attrs: RopeAttrs): Tensor {
  const n = rows(Rope, x);
  const { headDim } = attrs;
  if (!(Number.isInteger(headDim) && headDim > 0 && headDim % 2 === 0 && n % headDim === 0)) {
    throw new LowbitError(
      ErrorCode.Shape,
      `rope: headDim ${headDim} must be even and divide the last axis (${n}).`,
    );
  }
  return x.host.runOne(Rope, [x], attrs);
}

/** silu(gate) · up (SwiGLU), or silu(gate) when `up` is omitted. */
export function swiglu(gate: Tensor, up?: Tensor): Tensor {
  if (up) sameShape(SwiGlu, gate, up);
  return gate.host.runOne(SwiGlu, up ? [gate, up] : [gate], NO_ATTRS);
}
