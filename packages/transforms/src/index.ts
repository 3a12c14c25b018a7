/**
 * @lowbit/transforms — reference implementations of the transforms that make tensors quantize
 * well. Backends register fast versions of the same ops (see @lowbit/backend-cpu's kernels).
 */

export { fftAny, ifftAny } from './fourier/bluestein.ts';
export { dct2, dct3 } from './fourier/dct.ts';
export type { Complex } from './fourier/fft.ts';
export {
  bitReverse,
  fft,
  fftBitReversed,
  ifft,
  ifftBitReversed,
} from './fourier/fft.ts';
export { irfft, rfft } from './fourier/real-fft.ts';
export type { FloatArray, FwhtOptions } from './hadamard/fwht.ts';
export { fwht, hadamardDense, hadamardFactor, ifwht, MAX_FWHT_LOG2 } from './hadamard/fwht.ts';
export { HADAMARD_FACTORS, hadamardMatrix } from './hadamard/hadamard-matrices.ts';
export type { RandomHadamardOptions } from './hadamard/random-hadamard.ts';
export {
  BLOCK_HADAMARD_SIZES,
  blockHadamard,
  inverseBlockHadamard,
  inverseRandomHadamard,
  randomHadamard,
  randomSigns,
} from './hadamard/random-hadamard.ts';
export type { FusedPair } from './rotation/fuse-rotation.ts';
export { fuseRotation, rotateInputs } from './rotation/fuse-rotation.ts';
export type { Eigen } from './rotation/klt.ts';
export { covariance, kltRotation, symmetricEigen } from './rotation/klt.ts';
export type { Matrix } from './rotation/matrix.ts';
export {
  identity,
  isOrthogonal,
  matrix,
  multiply,
  orthogonalityError,
  transpose,
} from './rotation/matrix.ts';
export { applySmoothing, channelMax, smoothingScales } from './rotation/smooth-quant.ts';
export { haar, ihaar } from './wavelet/haar.ts';
