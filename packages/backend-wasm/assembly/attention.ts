// Scaled dot-product attention over a KV cache with grouped-query heads (`Attention` in core's
// op-names.ts): f32x4 dot products q·k, an f32 max-subtracted softmax, and the weighted sum of
// v rows accumulated in the output row.
import { hsum } from './scalars';

/** Σ a[i]·b[i] over `bytes` (4 lanes, then a scalar tail). */
function dot(a: usize, b: usize, bytes: usize): f32 {
  const vectorBytes = bytes & ~15;
  let acc = f32x4.splat(0);
  for (let i: usize = 0; i < vectorBytes; i += 16)
    acc = f32x4.add(acc, f32x4.mul(v128.load(a + i), v128.load(b + i)));
  let sum = hsum(acc);
  for (let i = vectorBytes; i < bytes; i += 4) sum += load<f32>(a + i) * load<f32>(b + i);
  return sum;
}

/** y += p · x over `bytes`. */
function axpy(y: usize, x: usize, p: f32, bytes: usize): void {
  const vectorBytes = bytes & ~15;
  const pv = f32x4.splat(p);
  for (let i: usize = 0; i < vectorBytes; i += 16)
    v128.store(y + i, f32x4.add(v128.load(y + i), f32x4.mul(pv, v128.load(x + i))));
  for (let i = vectorBytes; i < bytes; i += 4) store<f32>(y + i, load<f32>(y + i) + p * load<f32>(x + i));
}

/**
 * Query heads [h0, h0 + count) of every query row: q and out [rows, heads·dim], k and v
 * [≥ length, kvHeads·dim]. `positions` (i32 per row) limits row t to cache rows 0 … positions[t];
 * 0 reads all `length` rows. `scores` holds `length` f32 (one buffer per thread). A head's result
 * does not depend on how heads are split, so threads give the same bits as one.
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
  const group = heads / kvHeads;
  const rowBytes = <usize>dim << 2;
  const kvBytes = rowBytes * <usize>kvHeads;
  for (let t = 0; t < rows; t++) {
    const seen = positions ? load<i32>(positions + (<usize>t << 2)) + 1 : length;
    for (let h = h0; h < h0 + count; h++) {
      const at = (<usize>(t * heads + h)) * rowBytes;
      const kvAt = (<usize>(h / group)) * rowBytes;
      let top: f32 = -Infinity;
      for (let j = 0; j < seen; j++) {
        const s = dot(q + at, k + <usize>j * kvBytes + kvAt, rowBytes) * scale;
        store<f32>(scores + (<usize>j << 2), s);
        top = max(top, s);
      }
      const y = out + at;
      memory.fill(y, 0, rowBytes);
      let sum: f32 = 0;
      for (let j = 0; j < seen; j++) {
        const p = Mathf.exp(load<f32>(scores + (<usize>j << 2)) - top);
        sum += p;
        axpy(y, v + <usize>j * kvBytes + kvAt, p, rowBytes);
      }
      const vectorBytes = rowBytes & ~15;
      const total = f32x4.splat(sum);
      for (let i: usize = 0; i < vectorBytes; i += 16) v128.store(y + i, f32x4.div(v128.load(y + i), total));
      for (let i = vectorBytes; i < rowBytes; i += 4) store<f32>(y + i, load<f32>(y + i) / sum);
    }
  }
}
