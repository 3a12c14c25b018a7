/** Complex FFT over the last axis: rows of [re, im] in float64, any length. */
import { defineKernel, Fft, type FftAttrs, type Tensor } from '@lowbit/core';
import { fftAny, ifftAny } from '@lowbit/transforms';
import { type CpuContext, floatResult } from '../kernel-helpers.ts';

export const fftConfig = defineKernel({
  op: Fft,
  backend: 'cpu',
  fn([re, im]: readonly Tensor[], attrs: FftAttrs, context: CpuContext): Tensor[] {
    const n = re!.shape[re!.rank - 1]!;
    const inRe = context.backend.floats(re!);
    const inIm = context.backend.floats(im!);
    const outRe = new Float32Array(inRe.length);
    const outIm = new Float32Array(inIm.length);
    for (let at = 0; at < inRe.length; at += n) {
      const r = Float64Array.from(inRe.subarray(at, at + n));
      const i = Float64Array.from(inIm.subarray(at, at + n));
      (attrs.inverse ? ifftAny : fftAny)(r, i);
      outRe.set(r, at);
      outIm.set(i, at);
    }
    return [floatResult(context, outRe, re!.shape), floatResult(context, outIm, im!.shape)];
  },
});
