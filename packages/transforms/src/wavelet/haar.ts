/**
 * Multi-level orthonormal Haar wavelet transform, in place: each level replaces the current
 * approximation (length L) by L/2 averages (a + b)/√2 followed by L/2 details (a − b)/√2, then
 * recurses on the averages. The length must be divisible by 2^levels.
 */
import { ErrorCode, LowbitError } from '@lowbit/core';

function checkLevels(n: number, levels: number): void {
  if (!(Number.isInteger(levels) && levels >= 1 && n % 2 ** levels === 0)) {
    throw new LowbitError(
      ErrorCode.Shape,
      `Haar: length ${n} is not divisible by 2^${levels}; use fewer levels.`,
    );
  }
}

export function haar(x: Float64Array | Float32Array, levels = 1): typeof x {
  checkLevels(x.length, levels);
  const scratch = new Float64Array(x.length);
  for (let level = 0, length = x.length; level < levels; level++, length >>= 1) {
    const half = length >> 1;
    for (let i = 0; i < half; i++) {
      scratch[i] = (x[2 * i]! + x[2 * i + 1]!) * Math.SQRT1_2;
      scratch[half + i] = (x[2 * i]! - x[2 * i + 1]!) * Math.SQRT1_2;
    }
    x.set(scratch.subarray(0, length));
  }
  return x;
}

export function ihaar(x: Float64Array | Float32Array, levels = 1): typeof x {
  checkLevels(x.length, levels);
  const scratch = new Float64Array(x.length);
  for (let level = levels - 1; level >= 0; level--) {
    const length = x.length >> level;
    const half = length >> 1;
    for (let i = 0; i < half; i++) {
      scratch[2 * i] = (x[i]! + x[half + i]!) * Math.SQRT1_2;
      scratch[2 * i + 1] = (x[i]! - x[half + i]!) * Math.SQRT1_2;
    }
    x.set(scratch.subarray(0, length));
  }
  return x;
}
