// f16 GEMV y = x·Wᵀ, W binary16 rows [n, k] read where they lie, x f32 (not quantized). Each 8
// halves are widened in registers (half.ts); exponent 31 (Inf/NaN) would come out finite there,
// so a row holding one is redone with the scalar converter. Every row is summed in the same
// order whichever pass computes it, so splitting rows over threads is bit-identical.
import { highHalves, lowHalves, widen } from './half';
import { halfToFloat, hsum } from './scalars';

/** acc + Σ w·x over 8 halves at `wp` and 8 floats at `xp`, lanes in a fixed order. */
// @ts-ignore: decorator
@inline
function dot8(acc: v128, h: v128, xp: usize): v128 {
  const lo = widen(lowHalves(h));
  const hi = widen(highHalves(h));
  return f32x4.add(f32x4.add(acc, f32x4.mul(lo, v128.load(xp))), f32x4.mul(hi, v128.load(xp, 16)));
}

/** `top` updated with |h| as u16 lanes: a lane ≥ 0x7c00 marks an Inf or NaN. */
// @ts-ignore: decorator
@inline
function magnitude(top: v128, h: v128): v128 {
  return i16x8.max_u(top, v128.and(h, i16x8.splat(0x7fff)));
}

// @ts-ignore: decorator
@inline
function special(top: v128): bool {
  return v128.any_true(i16x8.gt_u(top, i16x8.splat(0x7bff)));
}

/** Σ w·x for one row, the vector body's sum `acc` plus the scalar tail from byte `body`. */
// @ts-ignore: decorator
@inline
function finish(acc: v128, x: usize, w: usize, body: usize, k: usize): f32 {
  let sum = hsum(acc);
  for (let p = body; p < k; p++) sum += halfToFloat(<u32>load<u16>(w + (p << 1))) * load<f32>(x + (p << 2));
  return sum;
}

/** The exact row sum, for rows holding Inf or NaN (any order gives the same non-finite sum). */
function scalarRow(x: usize, w: usize, k: usize): f32 {
  return finish(f32x4.splat(0), x, w, 0, k);
}

/** One row of W against one row of x. */
// @ts-ignore: decorator
@inline
function row1(x: usize, w: usize, k: usize, body: usize): f32 {
  let acc = f32x4.splat(0);
  let top = i16x8.splat(0);
  for (let p: usize = 0; p < body; p += 8) {
    const h = v128.load(w + (p << 1));
    top = magnitude(top, h);
    acc = dot8(acc, h, x + (p << 2));
  }
  if (special(top)) return scalarRow(x, w, k);
  return finish(acc, x, w, body, k);
}

/**
 * y [m×n] = x·Wᵀ for x f32 [m×k] and W f16 [n×k]: four rows of W per pass over each row of
 * x, so x's loads are shared, then single rows.
 */
export function gemvF16(x: usize, w: usize, y: usize, m: i32, n: i32, k: i32): void {
  const len = <usize>k;
  const rowBytes = len << 1;
  const body = len & ~(<usize>7);
  const outs = <usize>n;
  let j: usize = 0;
  for (; j + 4 <= outs; j += 4) {
    const w0 = w + j * rowBytes;
    const w1 = w0 + rowBytes, w2 = w1 + rowBytes, w3 = w2 + rowBytes;
    for (let i: usize = 0; i < <usize>m; i++) {
      const xr = x + ((i * len) << 2);
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      let top = i16x8.splat(0);
      for (let p: usize = 0; p < body; p += 8) {
        const xp = xr + (p << 2);
        const o = p << 1;
        const h0 = v128.load(w0 + o), h1 = v128.load(w1 + o), h2 = v128.load(w2 + o), h3 = v128.load(w3 + o);
        top = magnitude(magnitude(magnitude(magnitude(top, h0), h1), h2), h3);
        a0 = dot8(a0, h0, xp);
        a1 = dot8(a1, h1, xp);
        a2 = dot8(a2, h2, xp);
        a3 = dot8(a3, h3, xp);
      }
      const yr = y + ((i * outs + j) << 2);
      if (special(top)) {
        for (let r: usize = 0; r < 4; r++) store<f32>(yr + (r << 2), row1(xr, w0 + r * rowBytes, len, body));
        continue;
      }
      store<f32>(yr, finish(a0, xr, w0, body, len));
      store<f32>(yr, finish(a1, xr, w1, body, len), 4);
      store<f32>(yr, finish(a2, xr, w2, body, len), 8);
      store<f32>(yr, finish(a3, xr, w3, body, len), 12);
    }
  }
  for (; j < outs; j++) {
    const wr = w + j * rowBytes;
    for (let i: usize = 0; i < <usize>m; i++) {
      const xr = x + ((i * len) << 2);
      store<f32>(y + ((i * outs + j) << 2), row1(xr, wr, len, body));
    }
  }
}
