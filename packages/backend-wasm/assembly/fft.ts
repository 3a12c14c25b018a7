// Complex FFT on split re/im f32 rows (power-of-two n): decimation in frequency, SIMD across
// butterflies while the span is ≥ 4, the last two stages fused (their twiddles are 1 and ±i),
// then the bit-reversal permutation.

/**
 * In-place FFT of `rows` rows of n values at `re`/`im`. `cos`/`sin` hold, for each span h,
 * cos(πj/h) and sin(πj/h) at index h + j (j < h); `rev` the n bit-reversed indices (u32).
 * `sign` −1 is the forward transform; +1 the inverse, which also scales by `scale`.
 */
export function fft(re: usize, im: usize, n: i32, rows: i32, cos: usize, sin: usize, rev: usize, sign: f32, scale: f32): void {
  const signs = f32x4.splat(sign);
  for (let r: usize = 0; r < <usize>rows; r++) {
    const pr = re + ((r * <usize>n) << 2);
    const pi = im + ((r * <usize>n) << 2);
    let h = n >> 1;
    for (; h >= 4; h >>= 1) {
      const span = <usize>h << 2;
      const c = cos + span;
      const s = sin + span;
      for (let i: usize = 0; i < (<usize>n << 2); i += span << 1) {
        for (let j: usize = 0; j < span; j += 16) {
          const a = i + j;
          const b = a + span;
          const ar = v128.load(pr + a);
          const ai = v128.load(pi + a);
          const br = v128.load(pr + b);
          const bi = v128.load(pi + b);
          v128.store(pr + a, f32x4.add(ar, br));
          v128.store(pi + a, f32x4.add(ai, bi));
          const dr = f32x4.sub(ar, br);
          const di = f32x4.sub(ai, bi);
          const wr = v128.load(c + j);
          const wi = f32x4.mul(v128.load(s + j), signs);
          v128.store(pr + b, f32x4.sub(f32x4.mul(dr, wr), f32x4.mul(di, wi)));
          v128.store(pi + b, f32x4.add(f32x4.mul(dr, wi), f32x4.mul(di, wr)));
        }
      }
    }
    if (n >= 4) {
      for (let i: usize = 0; i < (<usize>n << 2); i += 16) {
        const x0r = load<f32>(pr + i), x1r = load<f32>(pr + i + 4), x2r = load<f32>(pr + i + 8), x3r = load<f32>(pr + i + 12);
        const x0i = load<f32>(pi + i), x1i = load<f32>(pi + i + 4), x2i = load<f32>(pi + i + 8), x3i = load<f32>(pi + i + 12);
        const y0r = x0r + x2r, y0i = x0i + x2i;
        const y1r = x1r + x3r, y1i = x1i + x3i;
        const y2r = x0r - x2r, y2i = x0i - x2i;
        // (x1 − x3)·(sign·i)
        const y3r = -sign * (x1i - x3i), y3i = sign * (x1r - x3r);
        store<f32>(pr + i, y0r + y1r); store<f32>(pi + i, y0i + y1i);
        store<f32>(pr + i + 4, y0r - y1r); store<f32>(pi + i + 4, y0i - y1i);
        store<f32>(pr + i + 8, y2r + y3r); store<f32>(pi + i + 8, y2i + y3i);
        store<f32>(pr + i + 12, y2r - y3r); store<f32>(pi + i + 12, y2i - y3i);
      }
    } else if (n == 2) {
      const ar = load<f32>(pr), ai = load<f32>(pi), br = load<f32>(pr + 4), bi = load<f32>(pi + 4);
      store<f32>(pr, ar + br); store<f32>(pi, ai + bi);
      store<f32>(pr + 4, ar - br); store<f32>(pi + 4, ai - bi);
    }
    for (let i: usize = 0; i < <usize>n; i++) {
      const j = <usize>load<u32>(rev + (i << 2));
      if (j > i) {
        const tr = load<f32>(pr + (i << 2)), ti = load<f32>(pi + (i << 2));
        store<f32>(pr + (i << 2), load<f32>(pr + (j << 2))); store<f32>(pi + (i << 2), load<f32>(pi + (j << 2)));
        store<f32>(pr + (j << 2), tr); store<f32>(pi + (j << 2), ti);
      }
    }
    if (scale != 1) {
      const k = f32x4.splat(scale);
      if (n >= 4) {
        for (let i: usize = 0; i < (<usize>n << 2); i += 16) {
          v128.store(pr + i, f32x4.mul(v128.load(pr + i), k));
          v128.store(pi + i, f32x4.mul(v128.load(pi + i), k));
        }
      } else {
        for (let i: usize = 0; i < (<usize>n << 2); i += 4) {
          store<f32>(pr + i, load<f32>(pr + i) * scale);
          store<f32>(pi + i, load<f32>(pi + i) * scale);
        }
      }
    }
  }
}
