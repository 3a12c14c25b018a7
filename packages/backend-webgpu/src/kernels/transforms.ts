/**
 * fwht, random and block Hadamard (wgsl/kernels/hadamard.wgsl: one stage per dispatch, rows of
 * at most 4096 values in workgroup memory) and fft / dct (fft.wgsl, dct.wgsl: one invocation per
 * output over host-computed float64 twiddles). Semantics as packages/transforms: Hadamard
 * lengths are 2^k or m·2^k (m ∈ 12, 20, 28, 40), fft and dct take any length. Longer Hadamard
 * rows are refused with E_UNSUPPORTED (use the cpu or wasm backend for them).
 */
import {
  BlockHadamard,
  type BlockHadamardAttrs,
  Dct,
  type DctAttrs,
  defineKernel,
  ErrorCode,
  Fft,
  type FftAttrs,
  Fwht,
  type FwhtAttrs,
  LowbitError,
  RandomHadamard,
  type RandomHadamardAttrs,
  type Tensor,
} from '@lowbit/core';
import { hadamardFactor, hadamardMatrix, randomSigns } from '@lowbit/transforms';
import { f32Word, grid } from '../grid.ts';
import type { WebGpuBackend, WebGpuContext } from '../webgpu-backend.ts';
import { runF32 } from './f32-kernel.ts';

/** Row length the Hadamard kernel holds in workgroup memory (16 KiB, WebGPU's default limit). */
export const MAX_GPU_HADAMARD = 4096;

const lastAxis = (x: Tensor) => x.shape[x.rank - 1]!;

interface Stage {
  /** Transposed H_m (the inverse). */
  transposed: boolean;
  scale: number;
  signsBefore?: Float32Array;
  signsAfter?: Float32Array;
}

/** Records one Hadamard stage on rows of `n` from `from` into `to`. */
function hadamardStage(
  backend: WebGpuBackend,
  from: GPUBuffer,
  to: GPUBuffer,
  rows: number,
  n: number,
  stage: Stage,
): void {
  if (n > MAX_GPU_HADAMARD) {
    throw new LowbitError(
      ErrorCode.Unsupported,
      `webgpu Hadamard transforms take rows of at most ${MAX_GPU_HADAMARD} values; got ${n}. Run this op on the cpu or wasm backend.`,
      { details: { length: n } },
    );
  }
  const { m, power } = hadamardFactor(n);
  const signs = stage.signsBefore ?? stage.signsAfter;
  const { workgroups } = grid(rows, 1);
  runF32(backend, 'kernels/hadamard', {
    words: [
      rows,
      n,
      power,
      m,
      stage.transposed ? 1 : 0,
      f32Word(stage.scale),
      stage.signsBefore ? 1 : 0,
      stage.signsAfter ? 1 : 0,
      workgroups[0],
    ],
    buffers: [
      from,
      to,
      // Unused slots are bound to the read-only input (never to `to`, which is written).
      signs ? backend.scratch(signs) : from,
      m === 1 ? from : backend.constant(`hadamard:${m}`, words(hadamardMatrix(m))),
    ],
    workgroups,
  });
}

const words = (values: ArrayLike<number>) => new Uint32Array(Float32Array.from(values).buffer);
const signsOf = (n: number, seed: number | bigint) => Float32Array.from(randomSigns(n, seed));

/** Runs one or two `stages` on x's rows of `n` (two go through a pooled intermediate). */
function hadamardKernel(x: Tensor, n: number, stages: Stage[], context: WebGpuContext): Tensor {
  const { backend } = context;
  const out = backend.output(context, x.shape);
  if (out.size === 0) return out;
  const rows = x.size / n;
  const [first, second] = stages;
  if (!second) {
    hadamardStage(backend, backend.buffer(x), backend.buffer(out), rows, n, first!);
    return out;
  }
  const between = backend.allocate(x.size * 4);
  hadamardStage(backend, backend.buffer(x), between.buffer, rows, n, first!);
  hadamardStage(backend, between.buffer, backend.buffer(out), rows, n, second);
  backend.release(between);
  return out;
}

export const fwhtKernel = defineKernel({
  op: Fwht,
  backend: 'webgpu',
  fn([x]: readonly Tensor[], attrs: FwhtAttrs, context: WebGpuContext): Tensor {
    const n = lastAxis(x!);
    const scale = attrs.normalize ? 1 / Math.sqrt(n) : attrs.inverse ? 1 / n : 1;
    return hadamardKernel(x!, n, [{ transposed: !!attrs.inverse, scale }], context);
  },
});

/** The second diagonal of the two-block rotation (packages/transforms random-hadamard.ts). */
const secondSeed = (seed: number) => BigInt(seed) ^ 0x9e3779b97f4a7c15n;

export const randomHadamardKernel = defineKernel({
  op: RandomHadamard,
  backend: 'webgpu',
  fn([x]: readonly Tensor[], attrs: RandomHadamardAttrs, context: WebGpuContext): Tensor {
    const n = lastAxis(x!);
    const scale = 1 / Math.sqrt(n);
    const d1 = signsOf(n, attrs.seed);
    const d2 = attrs.twoBlock ? signsOf(n, secondSeed(attrs.seed)) : undefined;
    const forward: Stage[] = [{ transposed: false, scale, signsBefore: d1 }];
    if (d2) forward.push({ transposed: false, scale, signsBefore: d2 });
    const inverse: Stage[] = [{ transposed: true, scale, signsAfter: d1 }];
    if (d2) inverse.unshift({ transposed: true, scale, signsAfter: d2 });
    return hadamardKernel(x!, n, attrs.inverse ? inverse : forward, context);
  },
});

export const blockHadamardKernel = defineKernel({
  op: BlockHadamard,
  backend: 'webgpu',
  fn([x]: readonly Tensor[], attrs: BlockHadamardAttrs, context: WebGpuContext): Tensor {
    const { block, seed } = attrs;
    const signs = seed === undefined ? undefined : signsOf(block, seed);
    const stage: Stage = { transposed: false, scale: 1 / Math.sqrt(block) };
    if (signs) stage[attrs.inverse ? 'signsAfter' : 'signsBefore'] = signs;
    return hadamardKernel(x!, block, [stage], context);
  },
});

/** cos, sin of 2πt/n for t < n, interleaved, in float64 before rounding. */
function twiddles(n: number): Uint32Array {
  const out = new Float32Array(2 * n);
  for (let t = 0; t < n; t++) {
    out[2 * t] = Math.cos((2 * Math.PI * t) / n);
    out[2 * t + 1] = Math.sin((2 * Math.PI * t) / n);
  }
  return new Uint32Array(out.buffer);
}

export const fftKernel = defineKernel({
  op: Fft,
  backend: 'webgpu',
  fn([re, im]: readonly Tensor[], attrs: FftAttrs, context: WebGpuContext): Tensor[] {
    const { backend } = context;
    const n = lastAxis(re!);
    const outRe = backend.output(context, re!.shape);
    const outIm = backend.output(context, im!.shape);
    if (outRe.size === 0) return [outRe, outIm];
    runF32(backend, 'kernels/fft', {
      count: outRe.size,
      words: [n, attrs.inverse ? 1 : 0],
      buffers: [
        backend.buffer(re!),
        backend.buffer(im!),
        backend.constant(`twiddles:${n}`, twiddles(n)),
        backend.buffer(outRe),
        backend.buffer(outIm),
      ],
    });
    return [outRe, outIm];
  },
});

/** cos(πt/2n) for t < 4n. */
function cosines(n: number): Uint32Array {
  return words(Array.from({ length: 4 * n }, (_, t) => Math.cos((Math.PI * t) / (2 * n))));
}

export const dctKernel = defineKernel({
  op: Dct,
  backend: 'webgpu',
  fn([x]: readonly Tensor[], attrs: DctAttrs, context: WebGpuContext): Tensor {
    const { backend } = context;
    const n = lastAxis(x!);
    const out = backend.output(context, x!.shape);
    if (out.size === 0) return out;
    runF32(backend, 'kernels/dct', {
      count: out.size,
      words: [n, attrs.inverse ? 1 : 0, f32Word(Math.sqrt(1 / n)), f32Word(Math.sqrt(2 / n))],
      buffers: [
        backend.buffer(x!),
        backend.constant(`cosines:${n}`, cosines(n)),
        backend.buffer(out),
      ],
    });
    return out;
  },
});
