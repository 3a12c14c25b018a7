/** Transform ops over the last axis of f32 tensors; backends implement them as kernels. */
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';
import {
  BlockHadamard,
  type BlockHadamardAttrs,
  Dct,
  type DctAttrs,
  Fft,
  type FftAttrs,
  Fwht,
  type FwhtAttrs,
  RandomHadamard,
  type RandomHadamardAttrs,
} from '../kernel/op-names.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { NO_ATTRS } from './no-attrs.ts';

function lastAxis(op: string, x: Tensor): number {
  if (x.rank === 0)
    throw new LowbitError(ErrorCode.Shape, `${op} needs at least one axis; got a scalar.`);
  return x.shape[x.rank - 1]!;
}

/** Walsh–Hadamard transform of every row (last axis: a power of two, or 12/20/28/40 × one). */
export function fwht(x: Tensor, attrs: FwhtAttrs = NO_ATTRS): Tensor {
  lastAxis(Fwht, x);
  return x.host.runOne(Fwht, [x], attrs);
}

/** Seeded random Hadamard rotation of every row (exactly invertible with `inverse: true`). */
export function randomHadamard(x: Tensor, attrs: RandomHadamardAttrs): Tensor {
  lastAxis(RandomHadamard, x);
  return x.host.runOne(RandomHadamard, [x], attrs);
}

/** Orthonormal Hadamard on consecutive blocks of the last axis. */
export function blockHadamard(x: Tensor, attrs: BlockHadamardAttrs): Tensor {
  const n = lastAxis(BlockHadamard, x);
  if (n % attrs.block !== 0) {
    throw new LowbitError(
      ErrorCode.Shape,
      `block-hadamard: the last axis (${n}) is not a multiple of the block (${attrs.block}).`,
    );
  }
  return x.host.runOne(BlockHadamard, [x], attrs);
}

/** Complex FFT of every row; returns [re, im]. Any length (Bluestein beyond powers of two). */
export function fft(re: Tensor, im: Tensor, attrs: FftAttrs = NO_ATTRS): [Tensor, Tensor] {
  lastAxis(Fft, re);
  if (re.shape.join() !== im.shape.join()) {
    throw new LowbitError(
      ErrorCode.Shape,
      `fft: real [${re.shape}] and imaginary [${im.shape}] parts differ in shape.`,
    );
  }
  const [outRe, outIm] = re.host.run(Fft, [re, im], attrs);
  return [outRe!, outIm!];
}

/** Orthonormal DCT-II of every row (DCT-III with `inverse: true`). */
export function dct(x: Tensor, attrs: DctAttrs = NO_ATTRS): Tensor {
  lastAxis(Dct, x);
  return x.host.runOne(Dct, [x], attrs);
}
