/** Result comparison under a case's tolerance; returns the error measured and a message on failure. */
import type { Tolerance } from './case.ts';

export interface Comparison {
  pass: boolean;
  /** Relative error (relative tolerance) or the number of differing elements (exact). */
  error: number;
  message?: string;
}

const same = (a: number, b: number) =>
  Object.is(a, b) ||
  (Number.isNaN(a) && Number.isNaN(b)) ||
  (a === 0 && b === 0 && 1 / a === 1 / b);

export function compare(
  got: Float32Array | Uint8Array,
  want: Float32Array | Uint8Array,
  tolerance: Tolerance,
): Comparison {
  if (got.length !== want.length)
    return {
      pass: false,
      error: Number.POSITIVE_INFINITY,
      message: `${got.length} values, expected ${want.length}`,
    };
  if (tolerance.kind === 'exact') {
    let wrong = 0;
    let first = -1;
    for (let i = 0; i < want.length; i++) {
      if (!same(got[i]!, want[i]!)) {
        wrong++;
        if (first < 0) first = i;
      }
    }
    return wrong === 0
      ? { pass: true, error: 0 }
      : {
          pass: false,
          error: wrong,
          message: `${wrong} of ${want.length} differ; first at [${first}]: got ${got[first]}, expected ${want[first]}`,
        };
  }
  let norm = 0;
  for (const v of want) if (Number.isFinite(v)) norm = Math.max(norm, Math.abs(v));
  const scale = norm > 0 ? norm : 1;
  let worst = 0;
  let at = 0;
  for (let i = 0; i < want.length; i++) {
    const diff = same(got[i]!, want[i]!) ? 0 : Math.abs(got[i]! - want[i]!) / scale;
    const error = Number.isNaN(diff) ? Number.POSITIVE_INFINITY : diff;
    if (error > worst) {
      worst = error;
      at = i;
    }
  }
  const pass = worst <= tolerance.bound;
  return pass
    ? { pass, error: worst }
    : {
        pass,
        error: worst,
        message:
          `error ${worst.toExponential(2)} > ${tolerance.bound} relative to max|expected| = ${scale.toPrecision(4)}; ` +
          `worst at [${at}]: got ${got[at]}, expected ${want[at]}`,
      };
}
