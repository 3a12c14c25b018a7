// Complex FFT on split re/im f32 rows (power-of-two n): decimation in frequency, radix-4 SIMD
// passes (one radix-2 pass when log2 n calls for it), the last two stages fused (their twiddles are 1 and ±i)
// and written in bit-reversed order to the output rows.

/**
 * FFT of `rows` rows of n values at `re`/`im` (overwritten as scratch) into `outRe`/`outIm`. `cos`/`sin` hold, for each span h,
 * cos(πj/h) and sin(πj/h) at index h + j (j < h); `rev` the n bit-reversed indices (u32).
 * `sign` −1 is the forward transform; +1 the inverse, which also scales by `scale`.
 */
export function fft(re: usize, im: usize, outRe: usize, outIm: usize, n: i32, rows: i32, cos: usize, sin: usize, rev: usize, sign: f32, scale: f32): void {
  const signs = f32x4.splat(sign);
  for (let r: usize = 0; r < <usize>rows; r++) {
    const pr = re + ((r * <usize>n) << 2);
    const pi = im + ((r * <usize>n) << 2);
    let h = n >> 1;
    // Radix-4: spans h and h/2 in one pass over memory (half the trips of radix-2).
    for (; h >= 8; h >>= 2) {
      const span = <usize>h << 2;
      const quarter = span >> 1;
      const c1 = cos + span;
      const s1 = sin + span;
      const c2 = cos + quarter;
      const s2 = sin + quarter;
      for (let i: usize = 0; i < (<usize>n << 2); i += span << 1) {
        for (let j: usize = 0; j < quarter; j += 16) {
          const p0 = i + j;
          const p1 = p0 + quarter;
          const p2 = p0 + span;
          const p3 = p2 + quarter;
          const x0r = v128.load(pr + p0), x0i = v128.load(pi + p0);
          const x1r = v128.load(pr + p1), x1i = v128.load(pi + p1);
          const x2r = v128.load(pr + p2), x2i = v128.load(pi + p2);
          const x3r = v128.load(pr + p3), x3i = v128.load(pi + p3);
          // Stage span h: twiddles W_2h^j and W_2h^(j+h/2).
          const y0r = f32x4.add(x0r, x2r), y0i = f32x4.add(x0i, x2i);
          const y1r = f32x4.add(x1r, x3r), y1i = f32x4.add(x1i, x3i);
          const d0r = f32x4.sub(x0r, x2r), d0i = f32x4.sub(x0i, x2i);
          const d1r = f32x4.sub(x1r, x3r), d1i = f32x4.sub(x1i, x3i);
          const wa = v128.load(c1 + j), wb = f32x4.mul(v128.load(s1 + j), signs);
          const wc = v128.load(c1 + quarter + j), wd = f32x4.mul(v128.load(s1 + quarter + j), signs);
          const y2r = f32x4.sub(f32x4.mul(d0r, wa), f32x4.mul(d0i, wb));
          const y2i = f32x4.add(f32x4.mul(d0r, wb), f32x4.mul(d0i, wa));
          const y3r = f32x4.sub(f32x4.mul(d1r, wc), f32x4.mul(d1i, wd));
          const y3i = f32x4.add(f32x4.mul(d1r, wd), f32x4.mul(d1i, wc));
          // Stage span h/2: twiddle W_h^j on both halves.
          const vr = v128.load(c2 + j), vi = f32x4.mul(v128.load(s2 + j), signs);
          v128.store(pr + p0, f32x4.add(y0r, y1r)); v128.store(pi + p0, f32x4.add(y0i, y1i));
          v128.store(pr + p2, f32x4.add(y2r, y3r)); v128.store(pi + p2, f32x4.add(y2i, y3i));
          const e0r = f32x4.sub(y0r, y1r), e0i = f32x4.sub(y0i, y1i);
          const e1r = f32x4.sub(y2r, y3r), e1i = f32x4.sub(y2i, y3i);
          v128.store(pr + p1, f32x4.sub(f32x4.mul(e0r, vr), f32x4.mul(e0i, vi)));
          v128.store(pi + p1, f32x4.add(f32x4.mul(e0r, vi), f32x4.mul(e0i, vr)));
          v128.store(pr + p3, f32x4.sub(f32x4.mul(e1r, vr), f32x4.mul(e1i, vi)));
          v128.store(pi + p3, f32x4.add(f32x4.mul(e1r, vi), f32x4.mul(e1i, vr)));
        }
      }
    }
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
    // The last two stages (twiddles 1 and ±i) fused, each result stored straight to its
    // bit-reversed place in the output rows, scaled: no separate permutation pass.
    const or = outRe + ((r * <usize>n) << 2);
    const oi = outIm + ((r * <usize>n) << 2);
    if (n >= 4) {
      for (let i: usize = 0; i < (<usize>n << 2); i += 16) {
        const x0r = load<f32>(pr + i), x1r = load<f32>(pr + i + 4), x2r = load<f32>(pr + i + 8), x3r = load<f32>(pr + i + 12);
        const x0i = load<f32>(pi + i), x1i = load<f32>(pi + i + 4), x2i = load<f32>(pi + i + 8), x3i = load<f32>(pi + i + 12);
        const y0r = x0r + x2r, y0i = x0i + x2i;
        const y1r = x1r + x3r, y1i = x1i + x3i;
        const y2r = x0r - x2r, y2i = x0i - x2i;
        // (x1 − x3)·(sign·i)
        const y3r = -sign * (x1i - x3i), y3i = sign * (x1r - x3r);
        const r0 = <usize>load<u32>(rev + i) << 2, r1 = <usize>load<u32>(rev + i + 4) << 2;
        const r2 = <usize>load<u32>(rev + i + 8) << 2, r3 = <usize>load<u32>(rev + i + 12) << 2;
        store<f32>(or + r0, (y0r + y1r) * scale); store<f32>(oi + r0, (y0i + y1i) * scale);
        store<f32>(or + r1, (y0r - y1r) * scale); store<f32>(oi + r1, (y0i - y1i) * scale);
        store<f32>(or + r2, (y2r + y3r) * scale); store<f32>(oi + r2, (y2i + y3i) * scale);
        store<f32>(or + r3, (y2r - y3r) * scale); store<f32>(oi + r3, (y2i - y3i) * scale);
      }
    } else if (n == 2) {
      const ar = load<f32>(pr), ai = load<f32>(pi), br = load<f32>(pr + 4), bi = load<f32>(pi + 4);
      store<f32>(or, (ar + br) * scale); store<f32>(oi, (ai + bi) * scale);
      store<f32>(or + 4, (ar - br) * scale); store<f32>(oi + 4, (ai - bi) * scale);
    } else {
      store<f32>(or, load<f32>(pr) * scale);
      store<f32>(oi, load<f32>(pi) * scale);
    }
  }
}
