/**
 * Fast Walsh–Hadamard transform, in place, over the last axis of a batch of rows: for each row
 * of length n, x ← H_n·x (Sylvester ordering), optionally scaled by 1/√n (orthonormal).
 * n is a power of two up to 2^24, or m·2^k with m ∈ {12, 20, 28, 40}: then H_n = H_m ⊗ H_{2^k}
 * (the layout fast-hadamard-transform uses): a power-of-two FWHT on each of the m contiguous
 * chunks, then H_m applied across chunks. H·Hᵀ = n·I, so the inverse applies Hᵀ (H_m
 * transposed; the Sylvester part is symmetric) and divides by n (by √n twice when normalised).
 * Lengths 40·2^k factor as 20·2^(k+1), so H_40 itself is only needed by `hadamardMatrix` users.
 */
import { ErrorCode, LowbitError } from '@lowbit/core';
import { HADAMARD_FACTORS, hadamardMatrix } from './hadamard-matrices.ts';

export type FloatArray = Float32Array | Float64Array;

export const MAX_FWHT_LOG2 = 24;

export interface FwhtOptions {
  /** Scale by 1/√n so the transform is orthonormal (default false). */
  normalize?: boolean;
}

/** Splits n into (m, 2^k) with m ∈ {1, 12, 20, 28, 40}; throws E_SHAPE otherwise. */
export function hadamardFactor(n: number): { m: 1 | 12 | 20 | 28 | 40; power: number } {
  for (const m of [1, ...HADAMARD_FACTORS] as const) {
    if (n % m !== 0) continue;
    const power = n / m;
    if (power >= 1 && (power & (power - 1)) === 0 && power <= 2 ** MAX_FWHT_LOG2)
      return { m, power };
  }
  throw new LowbitError(
    ErrorCode.Shape,
    `No Hadamard transform of length ${n}: use a power of two up to 2^${MAX_FWHT_LOG2}, or 12, 20, 28 or 40 times one.`,
    { details: { length: n } },
  );
}

/** Radix-2 butterflies on data[offset, offset + n), n a power of two. */
function fwhtPow2(data: FloatArray, offset: number, n: number): void {
  for (let h = 1; h < n; h <<= 1) {
    for (let i = offset; i < offset + n; i += h << 1) {
      for (let j = i; j < i + h; j++) {
        const a = data[j]!;
        const b = data[j + h]!;
        data[j] = a + b;
        data[j + h] = a - b;
      }
    }
  }
}

/** H_m (or H_mᵀ) across m chunks of length `stride` starting at `offset`. */
function hadamardAcross(
  data: FloatArray,
  offset: number,
  m: 12 | 20 | 28 | 40,
  stride: number,
  transposed: boolean,
): void {
  const h = hadamardMatrix(m);
  const column = new Float64Array(m);
  for (let b = 0; b < stride; b++) {
    for (let a = 0; a < m; a++) column[a] = data[offset + a * stride + b]!;
    for (let a = 0; a < m; a++) {
      let sum = 0;
      for (let c = 0; c < m; c++) sum += (transposed ? h[c * m + a]! : h[a * m + c]!) * column[c]!;
      data[offset + a * stride + b] = sum;
    }
  }
}

/**
 * Transforms every row of `data` (length a multiple of n) in place.
 * @example
 * fwht(Float32Array.of(1, 0, 0, 0), 4); // → [1, 1, 1, 1]
 */
export function fwht(data: FloatArray, n: number, options: FwhtOptions = {}): FloatArray {
  return transform(data, n, options.normalize ? 1 / Math.sqrt(n) : 1, false);
}

/** Inverse of `fwht` with the same options: Hᵀ, divided by n (or by √n when normalised). */
export function ifwht(data: FloatArray, n: number, options: FwhtOptions = {}): FloatArray {
  return transform(data, n, options.normalize ? 1 / Math.sqrt(n) : 1 / n, true);
}

function transform(data: FloatArray, n: number, scale: number, transposed: boolean): FloatArray {
  const { m, power } = hadamardFactor(n);
  if (data.length % n !== 0) {
    throw new LowbitError(
      ErrorCode.Shape,
      `fwht: ${data.length} values are not whole rows of ${n}.`,
    );
  }
  for (let row = 0; row < data.length; row += n) {
    for (let chunk = 0; chunk < m; chunk++) fwhtPow2(data, row + chunk * power, power);
    if (m !== 1) hadamardAcross(data, row, m, power, transposed);
    if (scale !== 1) for (let i = row; i < row + n; i++) data[i]! *= scale;
  }
  return data;
}

/** The dense n×n matrix fwht applies (for tests and small problems). */
export function hadamardDense(n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const e = new Float64Array(n);
    e[j] = 1;
    fwht(e, n);
    for (let i = 0; i < n; i++) out[i * n + j] = e[i]!;
  }
  return out;
}
