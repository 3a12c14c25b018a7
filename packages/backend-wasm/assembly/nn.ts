// Transformer building blocks on f32 rows: RMSNorm, softmax, rotary embedding, SiLU/SwiGLU.
import { hsum } from './scalars';

/** y = x / √(mean(x²) + eps) · weight for each row of n. */
export function rmsnorm(x: usize, weight: usize, y: usize, rows: i32, n: i32, eps: f32): void {
  const bytes = <usize>n << 2;
  const vectorBytes = bytes & ~15;
  for (let r: usize = 0; r < <usize>rows; r++) {
    const px = x + r * bytes;
    const py = y + r * bytes;
    let acc = f32x4.splat(0);
    for (let j: usize = 0; j < vectorBytes; j += 16) {
      const v = v128.load(px + j);
      acc = f32x4.add(acc, f32x4.mul(v, v));
    }
    let sum = hsum(acc);
    for (let j = vectorBytes; j < bytes; j += 4) sum += load<f32>(px + j) * load<f32>(px + j);
    const s: f32 = 1 / Mathf.sqrt(sum / <f32>n + eps);
    const scale = f32x4.splat(s);
    for (let j: usize = 0; j < vectorBytes; j += 16)
      v128.store(py + j, f32x4.mul(f32x4.mul(v128.load(px + j), scale), v128.load(weight + j)));
    for (let j = vectorBytes; j < bytes; j += 4) store<f32>(py + j, load<f32>(px + j) * s * load<f32>(weight + j));
  }
}

/** Softmax over each row of n, in place (max subtracted first). */
export function softmax(x: usize, rows: i32, n: i32): void {
  for (let r: usize = 0; r < <usize>rows; r++) {
    const p = x + ((r * <usize>n) << 2);
    let top: f32 = -Infinity;
    for (let j: usize = 0; j < <usize>n; j++) top = max(top, load<f32>(p + (j << 2)));
    let sum: f32 = 0;
    for (let j: usize = 0; j < <usize>n; j++) {
      const e = Mathf.exp(load<f32>(p + (j << 2)) - top);
      store<f32>(p + (j << 2), e);
      sum += e;
    }
    const inverse: f32 = 1 / sum;
    for (let j: usize = 0; j < <usize>n; j++) store<f32>(p + (j << 2), load<f32>(p + (j << 2)) * inverse);
  }
}

/**
 * Rotary embedding in place on rows of `heads` heads of `dim` values. `angles` holds cos and
 * sin per row and pair (rows × dim/2 × 2). `neox` 0 pairs (2i, 2i+1); 1 pairs (i, i + dim/2).
 */
export function rope(x: usize, rows: i32, heads: i32, dim: i32, angles: usize, neox: i32): void {
  const half = dim >> 1;
  for (let r = 0; r < rows; r++) {
    const table = angles + ((<usize>r * <usize>half) << 3);
    for (let h = 0; h < heads; h++) {
      const p = x + ((<usize>(r * heads + h) * <usize>dim) << 2);
      for (let i = 0; i < half; i++) {
        const c = load<f32>(table + (<usize>i << 3));
        const s = load<f32>(table + (<usize>i << 3) + 4);
        const p0 = p + ((neox ? <usize>i : <usize>(2 * i)) << 2);
        const p1 = p + ((neox ? <usize>(i + half) : <usize>(2 * i + 1)) << 2);
        const x0 = load<f32>(p0);
        const x1 = load<f32>(p1);
        store<f32>(p0, x0 * c - x1 * s);
        store<f32>(p1, x0 * s + x1 * c);
      }
    }
  }
}

/** y = silu(gate) · up (or silu(gate) alone when `up` is 0), elementwise over `count`. */
export function swiglu(gate: usize, up: usize, y: usize, count: i32): void {
  for (let i: usize = 0; i < <usize>count; i++) {
    const g = load<f32>(gate + (i << 2));
    const s = g / (1 + Mathf.exp(-g));
    store<f32>(y + (i << 2), up ? s * load<f32>(up + (i << 2)) : s);
  }
}
