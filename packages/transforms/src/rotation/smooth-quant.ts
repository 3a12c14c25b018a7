/**
 * SmoothQuant (Xiao et al. 2023): per input channel j, s_j = max|X_j|^α / max|W_j|^(1−α);
 * activations are divided by s and weights multiplied by it, so X·Wᵀ is unchanged while the
 * activation outliers migrate into the weights. α = 0.5 balances the two.
 */
import { ErrorCode, LowbitError } from '@lowbit/core';
import type { Matrix } from './matrix.ts';

/** Smoothing factors from per-channel activation maxima and weights [out, in]. */
export function smoothingScales(
  activationMax: ArrayLike<number>,
  weight: Matrix,
  alpha = 0.5,
): Float64Array {
  if (activationMax.length !== weight.cols) {
    throw new LowbitError(
      ErrorCode.Shape,
      `${activationMax.length} activation maxima for a weight with ${weight.cols} inputs.`,
    );
  }
  if (!(alpha >= 0 && alpha <= 1))
    throw new LowbitError(ErrorCode.Argument, `SmoothQuant α must be in [0, 1], got ${alpha}.`);
  const scales = new Float64Array(weight.cols);
  for (let j = 0; j < weight.cols; j++) {
    let wMax = 0;
    for (let i = 0; i < weight.rows; i++)
      wMax = Math.max(wMax, Math.abs(weight.data[i * weight.cols + j]!));
    const a = Math.abs(activationMax[j]!);
    const s = a ** alpha / wMax ** (1 - alpha);
    scales[j] = Number.isFinite(s) && s > 0 ? s : 1;
  }
  return scales;
}

/** Per-channel maxima of activations X [tokens, channels]. */
export function channelMax(x: Matrix): Float64Array {
  const out = new Float64Array(x.cols);
  for (let i = 0; i < x.rows; i++)
    for (let j = 0; j < x.cols; j++) out[j] = Math.max(out[j]!, Math.abs(x.data[i * x.cols + j]!));
  return out;
}

/** X / s (per column) and W · s (per column): the smoothed pair. */
export function applySmoothing(
  x: Matrix,
  weight: Matrix,
  scales: ArrayLike<number>,
): { x: Matrix; weight: Matrix } {
  const xs = Float64Array.from(x.data, (v, i) => v / scales[i % x.cols]!);
  const ws = Float64Array.from(weight.data, (v, i) => v * scales[i % weight.cols]!);
  return { x: { ...x, data: xs }, weight: { ...weight, data: ws } };
}
