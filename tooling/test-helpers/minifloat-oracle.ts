/**
 * An independent rounding oracle for minifloat codecs: it searches the sorted table of finite
 * magnitudes by value (no bit arithmetic) and applies each rounding mode's definition, so the
 * codec's shift-and-round encoder is checked against plain comparisons.
 */
import type { MinifloatCodec, RoundingMode } from '@lowbit/core';

export type DeterministicRounding = Exclude<RoundingMode, 'stochastic'>;

export function minifloatOracle(codec: MinifloatCodec) {
  const magnitudes = Array.from({ length: codec.maxCode + 1 }, (_, c) => codec.value(c));
  const signBit = codec.spec.policy === 'e8m0' ? 0 : 1 << (codec.bits - 1);
  // The value code maxCode + 1 would have if the exponent range went on.
  const top = magnitudes[codec.maxCode]!;
  const beyond = top + (top - magnitudes[codec.maxCode - 1]!);

  /** Expected code for a finite, non-NaN x; `overflow` is what a finite overflow becomes. */
  return function expected(x: number, rounding: DeterministicRounding, overflow: number): number {
    const negative = x < 0 || Object.is(x, -0);
    if (signBit === 0 && x < 0) return codec.nanCode; // unsigned (e8m0): negatives are NaN
    const sign = negative ? signBit : 0;
    const a = Math.abs(x);
    const withSign = (code: number) =>
      code === 0 && (codec.spec.policy === 'fnuz' || signBit === 0) ? 0 : sign | code;
    if (a >= top) {
      if (a === top || rounding === 'toward-zero') return sign | codec.maxCode;
      const mid = (top + beyond) / 2;
      const up =
        rounding === 'away-from-zero' ||
        a > mid ||
        (a === mid &&
          (rounding === 'half-away' || codec.spec.policy === 'e8m0' || codec.maxCode % 2 === 1));
      return up ? overflow : sign | codec.maxCode;
    }
    if (a <= magnitudes[0]!) {
      // Only e8m0 has a non-zero smallest magnitude; below it everything lands on code 0.
      if (a === magnitudes[0] || codec.spec.policy === 'e8m0') return withSign(0);
    }
    let lo = 0;
    let hi = magnitudes.length - 1;
    while (hi - lo > 1) {
      const m = (lo + hi) >> 1;
      if (magnitudes[m]! <= a) lo = m;
      else hi = m;
    }
    const below = magnitudes[lo]!;
    if (below === a || rounding === 'toward-zero') return withSign(lo);
    if (rounding === 'away-from-zero') return withSign(hi);
    const mid = (below + magnitudes[hi]!) / 2;
    if (a < mid) return withSign(lo);
    if (a > mid) return withSign(hi);
    // e8m0 ties go up (ml_dtypes, onnx.reference, onnxruntime); the others to the even code.
    const tieUp = rounding === 'half-away' || codec.spec.policy === 'e8m0' || lo % 2 === 1;
    return withSign(tieUp ? hi : lo);
  };
}
