// Scaled dot-product attention over a KV cache with grouped-query heads (`Attention` in core's
// op-names.ts): f32x4 dot products q·k, an f32 max-subtracted softmax, and the weighted sum of
// v rows accumulated in the output row. The cache is f32, or f16 read where it lies: each half
// is widened exactly in registers (half.ts) and meets the same f32 operations in the same order,
// so an f16 cache gives the bits the f32 kernel gives over the same values as f32.
import { highHalves, lowHalves, widenExact } from './half';
import { halfToFloat, hsum } from './scalars';

/** Σ a[i]·b[i] over `n` f32 values (4 lanes, then a scalar tail). */
function dot(a: usize, b: usize, n: usize): f32 {
  const body = n & ~3;
  let acc = f32x4.splat(0);
  for (let i: usize = 0; i < body; i += 4)
    acc = f32x4.add(acc, f32x4.mul(v128.load(a + (i << 2)), v128.load(b + (i << 2))));
  let sum = hsum(acc);
  for (let i = body; i < n; i++) sum += load<f32>(a + (i << 2)) * load<f32>(b + (i << 2));
  return sum;
}

/** `dot` with `b` f16: the same 4-lane steps in the same order (8 halves per load). */
function dotHalf(a: usize, b: usize, n: usize): f32 {
  const body = n & ~3;
  let acc = f32x4.splat(0);
  let i: usize = 0;
  for (; i + 8 <= body; i += 8) {
    const h = v128.load(b + (i << 1));
    acc = f32x4.add(acc, f32x4.mul(v128.load(a + (i << 2)), widenExact(lowHalves(h))));
    acc = f32x4.add(acc, f32x4.mul(v128.load(a + (i << 2), 16), widenExact(highHalves(h))));
  }
  if (i < body) {
    const h = v128.load64_zero(b + (i << 1));
    acc = f32x4.add(acc, f32x4.mul(v128.load(a + (i << 2)), widenExact(lowHalves(h))));
  }
  let sum = hsum(acc);
  for (i = body; i < n; i++) sum += load<f32>(a + (i << 2)) * halfToFloat(<u32>load<u16>(b + (i << 1)));
  return sum;
}

/** y += p · x over `n` f32 values. */
function axpy(y: usize, x: usize, p: f32, n: usize): void {
  const body = n & ~3;
  const pv = f32x4.splat(p);
  for (let i: usize = 0; i < body; i += 4) {
    const at = y + (i << 2);
    v128.store(at, f32x4.add(v128.load(at), f32x4.mul(pv, v128.load(x + (i << 2)))));
  }
  for (let i = body; i < n; i++) store<f32>(y + (i << 2), load<f32>(y + (i << 2)) + p * load<f32>(x + (i << 2)));
}

/** `axpy` with `x` f16. */
function axpyHalf(y: usize, x: usize, p: f32, n: usize): void {
  const body = n & ~7;
  const pv = f32x4.splat(p);
  let i: usize = 0;
  for (; i < body; i += 8) {
    const h = v128.load(x + (i << 1));
    const at = y + (i << 2);
    v128.store(at, f32x4.add(v128.load(at), f32x4.mul(pv, widenExact(lowHalves(h)))));
    v128.store(at, f32x4.add(v128.load(at, 16), f32x4.mul(pv, widenExact(highHalves(h)))), 16);
  }
  for (; i < n; i++) store<f32>(y + (i << 2), load<f32>(y + (i << 2)) + p * halfToFloat(<u32>load<u16>(x + (i << 1))));
}

/** Attention with cache values of type `T`: f32, or u16 for f16 bits. See `attention`. */
// @ts-ignore: decorator
@inline
function attend<T>(
  q: usize,
  k: usize,
  v: usize,
  out: usize,
  rows: i32,
  heads: i32,
  kvHeads: i32,
  dim: i32,
  length: i32,
  positions: usize,
  scale: f32,
  scores: usize,
  h0: i32,
  count: i32,
): void {
  const group = heads / kvHeads;
  const n = <usize>dim;
  const rowBytes = n << 2;
  const kvRowBytes = n * sizeof<T>();
  const kvBytes = kvRowBytes * <usize>kvHeads;
  for (let t = 0; t < rows; t++) {
    const seen = positions ? load<i32>(positions + (<usize>t << 2)) + 1 : length;
    for (let h = h0; h < h0 + count; h++) {
      const at = (<usize>(t * heads + h)) * rowBytes;
      const kvAt = (<usize>(h / group)) * kvRowBytes;
      let top: f32 = -Infinity;
      for (let j = 0; j < seen; j++) {
        const kr = k + <usize>j * kvBytes + kvAt;
        const s = (sizeof<T>() == 2 ? dotHalf(q + at, kr, n) : dot(q + at, kr, n)) * scale;
        store<f32>(scores + (<usize>j << 2), s);
        top = max(top, s);
      }
      const y = out + at;
      memory.fill(y, 0, rowBytes);
      let sum: f32 = 0;
      for (let j = 0; j < seen; j++) {
        const p = Mathf.exp(load<f32>(scores + (<usize>j << 2)) - top);
        sum += p;
        const vr = v + <usize>j * kvBytes + kvAt;
        if (sizeof<T>() == 2) axpyHalf(y, vr, p, n);
        else axpy(y, vr, p, n);
      }
      const vectorBytes = rowBytes & ~15;
      const total = f32x4.splat(sum);
      for (let i: usize = 0; i < vectorBytes; i += 16) v128.store(y + i, f32x4.div(v128.load(y + i), total));
      for (let i = vectorBytes; i < rowBytes; i += 4) store<f32>(y + i, load<f32>(y + i) / sum);
    }
  }
}

/**
 * Query heads [h0, h0 + count) of every query row: q and out f32 [rows, heads·dim], k and v
 * f32 [≥ length, kvHeads·dim]. `positions` (i32 per row) limits row t to cache rows 0 …
 * positions[t]; 0 reads all `length` rows. `scores` holds `length` f32 (one buffer per thread).
 * A head's result does not depend on how heads are split, so threads give the same bits as one.
 */
export function attention(
  q: usize,
  k: usize,
  v: usize,
  out: usize,
  rows: i32,
  heads: i32,
  kvHeads: i32,
  dim: i32,
  length: i32,
  positions: usize,
  scale: f32,
  scores: usize,
  h0: i32,
  count: i32,
): void {
  attend<f32>(q, k, v, out, rows, heads, kvHeads, dim, length, positions, scale, scores, h0, count);
}

/** `attention` with k and v f16 [≥ length, kvHeads·dim]: only the rows read are widened. */
export function attentionF16(
  q: usize,
  k: usize,
  v: usize,
  out: usize,
  rows: i32,
  heads: i32,
  kvHeads: i32,
  dim: i32,
  length: i32,
  positions: usize,
  scale: f32,
  scores: usize,
  h0: i32,
  count: i32,
): void {
  attend<u16>(q, k, v, out, rows, heads, kvHeads, dim, length, positions, scale, scores, h0, count);
}
