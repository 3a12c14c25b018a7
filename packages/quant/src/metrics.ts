/**
 * Error metrics between a reference and its quantized approximation, and the one report type
 * the CLI, the playground and the model evaluator share.
 */
import { ErrorCode, LowbitError } from '@lowbit/core';
import { covariance, matrix, symmetricEigen } from '@lowbit/transforms';

export interface ErrorMetrics {
  /** mean (x − y)² */
  mse: number;
  /** Σ(x − y)² / Σx² */
  relativeMse: number;
  /** 10·log10(Σx² / Σ(x − y)²), in dB (Infinity when exact) */
  sqnrDb: number;
  /** x·y / (‖x‖‖y‖) */
  cosine: number;
  /** max |x − y| */
  maxAbsError: number;
  /** KL(P‖Q) of 256-bin histograms over the reference's range, in nats */
  klDivergence: number;
}

function check(x: ArrayLike<number>, y: ArrayLike<number>): void {
  if (x.length !== y.length || x.length === 0) {
    throw new LowbitError(
      ErrorCode.Shape,
      `Metrics need two non-empty arrays of one length (got ${x.length} and ${y.length}).`,
    );
  }
}

export function mse(x: ArrayLike<number>, y: ArrayLike<number>): number {
  check(x, y);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += (x[i]! - y[i]!) ** 2;
  return sum / x.length;
}

export function relativeMse(x: ArrayLike<number>, y: ArrayLike<number>): number {
  check(x, y);
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    num += (x[i]! - y[i]!) ** 2;
    den += x[i]! ** 2;
  }
  return den === 0 ? (num === 0 ? 0 : Number.POSITIVE_INFINITY) : num / den;
}

export function sqnrDb(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return -10 * Math.log10(relativeMse(x, y));
}

export function cosineSimilarity(x: ArrayLike<number>, y: ArrayLike<number>): number {
  check(x, y);
  let dot = 0;
  let nx = 0;
  let ny = 0;
  for (let i = 0; i < x.length; i++) {
    dot += x[i]! * y[i]!;
    nx += x[i]! ** 2;
    ny += y[i]! ** 2;
  }
  return nx === 0 || ny === 0 ? (nx === ny ? 1 : 0) : dot / Math.sqrt(nx * ny);
}

export function maxAbsError(x: ArrayLike<number>, y: ArrayLike<number>): number {
  check(x, y);
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
  return worst;
}

/**
 * KL(P‖Q) between histograms of x (P) and y (Q) on `bins` equal bins spanning x's range; values
 * of y outside the range fall in the end bins; ε = 1e-10 smooths empty bins of Q.
 */
export function klDivergence(x: ArrayLike<number>, y: ArrayLike<number>, bins = 256): number {
  check(x, y);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < x.length; i++) {
    lo = Math.min(lo, x[i]!);
    hi = Math.max(hi, x[i]!);
  }
  return histogramKl(x, y, lo, hi, bins);
}

/** klDivergence given x's range [lo, hi]. */
function histogramKl(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  lo: number,
  hi: number,
  bins: number,
): number {
  if (hi === lo) return 0;
  const p = new Float64Array(bins);
  const q = new Float64Array(bins);
  const width = hi - lo;
  for (let i = 0; i < x.length; i++) {
    p[Math.min(bins - 1, Math.max(0, Math.floor(((x[i]! - lo) / width) * bins)))]!++;
    q[Math.min(bins - 1, Math.max(0, Math.floor(((y[i]! - lo) / width) * bins)))]!++;
  }
  const eps = 1e-10;
  let kl = 0;
  for (let b = 0; b < bins; b++) {
    const pb = p[b]! / x.length;
    const qb = q[b]! / x.length + eps;
    if (pb > 0) kl += pb * Math.log(pb / qb);
  }
  return Math.max(0, kl);
}

/**
 * Quantization space utilisation rate (after OstQuant, Hu et al. 2025): for data treated as
 * Gaussian with covariance Σ (rows are samples, columns dimensions), the volume of its
 * ellipsoid ∏√λ_i·V_d over the volume of the axis-aligned box that encloses that ellipsoid,
 * ∏(2√Σ_jj) — the fraction of the quantization grid the data can use. Reported per dimension,
 * (V_ellipsoid / V_box)^(1/d), so values are comparable across d; 1 would be perfect.
 * Rotations that equalise the channel variances raise it.
 */
export function qsur(data: ArrayLike<number>, rows: number, cols: number): number {
  if (rows * cols !== data.length || cols < 1)
    throw new LowbitError(ErrorCode.Shape, `QSUR: ${data.length} values are not ${rows}×${cols}.`);
  const cov = covariance(matrix(rows, cols, data));
  const { values } = symmetricEigen(cov);
  const d = cols;
  // log V_d for the unit ball: (d/2)·log π − logΓ(d/2 + 1)
  const logUnitBall = (d / 2) * Math.log(Math.PI) - logGamma(d / 2 + 1);
  let logEllipsoid = logUnitBall;
  for (const lambda of values) logEllipsoid += 0.5 * Math.log(Math.max(lambda, 1e-300));
  let maxVariance = 0;
  for (let j = 0; j < d; j++) maxVariance = Math.max(maxVariance, cov.data[j * d + j]!);
  // A quantization grid is one step size for every dimension: the box side is set by the widest.
  const logBox = d * Math.log(2 * Math.sqrt(maxVariance));
  return Math.exp((logEllipsoid - logBox) / d);
}

/** log Γ(z) for z > 0 (Lanczos, g = 7). */
function logGamma(z: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const x = z - 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * All of ErrorMetrics in two passes over the data (sums, then the histograms), each sum taken in
 * the same order as the single-metric functions, so the values are theirs bit for bit.
 */
export function errorMetrics(
  reference: ArrayLike<number>,
  approx: ArrayLike<number>,
): ErrorMetrics {
  check(reference, approx);
  let squaredError = 0;
  let energy = 0;
  let dot = 0;
  let approxEnergy = 0;
  let worst = 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < reference.length; i++) {
    const x = reference[i]!;
    const y = approx[i]!;
    squaredError += (x - y) ** 2;
    energy += x ** 2;
    dot += x * y;
    approxEnergy += y ** 2;
    worst = Math.max(worst, Math.abs(x - y));
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  const relative =
    energy === 0 ? (squaredError === 0 ? 0 : Number.POSITIVE_INFINITY) : squaredError / energy;
  return {
    mse: squaredError / reference.length,
    relativeMse: relative,
    sqnrDb: -10 * Math.log10(relative),
    cosine:
      energy === 0 || approxEnergy === 0
        ? energy === approxEnergy
          ? 1
          : 0
        : dot / Math.sqrt(energy * approxEnergy),
    maxAbsError: worst,
    klDivergence: histogramKl(reference, approx, lo, hi, 256),
  };
}

/** One row of any quantization report. */
export interface QuantReport extends ErrorMetrics {
  format: string;
  transform: string;
  /** Storage actually used per value: codes, every scale and zero point, padding of partial blocks. */
  bitsPerValue: number;
  /** The format's storage per value on rows that fill whole blocks/groups (see nominalBitsPerValue). */
  nominalBitsPerValue: number;
  values: number;
}
