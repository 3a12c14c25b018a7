// Complex FFT on split re/im f32 rows (power-of-two n), inputs left untouched.
// Short rows (n ≤ 4096, in L1/L2): each row's first pass writes to scratch, decimation in frequency with
// radix-4 SIMD passes (one radix-2 pass when log2 n calls for it), the last two stages fused
// (their twiddles are 1 and ±i) and written in bit-reversed order to the output row.
// Long rows: the four-step order (Bailey, "FFTs in external or hierarchical memory", 1990),
// n = n1·n2 seen as n1 rows of n2: n1-point FFTs down the columns, 4 columns per SIMD vector in
// a small scratch, times the twiddles W_n^(k1·n2); then n2-point FFTs along the rows, each
// result stored to its place k1 + n1·k2. Every pass works on blocks that stay in cache, where a
// strided radix pass over the whole row would stream it from memory log4(n) times.

/**
 * Radix-4 (and one radix-2) DIF passes from the row at `sr`/`si` into `pr`/`pi` (the same
 * row, or scratch: then the source is left as it was), spans n/2 down to 4.
 * `cos`/`sin` hold cos(πj/h), sin(πj/h) at h + j for every span h.
 */
// @ts-ignore: decorator
@inline
function rowPasses(sr: usize, si: usize, pr: usize, pi: usize, n: i32, cos: usize, sin: usize, signs: v128): bool {
  // The first pass reads the source row (sr/si), every pass writes pr/pi.
  let fr = sr;
  let fi = si;
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
        const x0r = v128.load(fr + p0), x0i = v128.load(fi + p0);
        const x1r = v128.load(fr + p1), x1i = v128.load(fi + p1);
        const x2r = v128.load(fr + p2), x2i = v128.load(fi + p2);
        const x3r = v128.load(fr + p3), x3i = v128.load(fi + p3);
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
    fr = pr;
    fi = pi;
  }
  for (; h >= 4; h >>= 1) {
    const span = <usize>h << 2;
    const c = cos + span;
    const s = sin + span;
    for (let i: usize = 0; i < (<usize>n << 2); i += span << 1) {
      for (let j: usize = 0; j < span; j += 16) {
        const a = i + j;
        const b = a + span;
        const ar = v128.load(fr + a), ai = v128.load(fi + a);
        const br = v128.load(fr + b), bi = v128.load(fi + b);
        v128.store(pr + a, f32x4.add(ar, br));
        v128.store(pi + a, f32x4.add(ai, bi));
        const dr = f32x4.sub(ar, br), di = f32x4.sub(ai, bi);
        const wr = v128.load(c + j), wi = f32x4.mul(v128.load(s + j), signs);
        v128.store(pr + b, f32x4.sub(f32x4.mul(dr, wr), f32x4.mul(di, wi)));
        v128.store(pi + b, f32x4.add(f32x4.mul(dr, wi), f32x4.mul(di, wr)));
      }
    }
    fr = pr;
    fi = pi;
  }
  return fr != sr;
}

/**
 * The last two stages (twiddles 1 and ±i) of the row at `pr`/`pi` (n ≥ 4), each result scaled
 * and stored to its bit-reversed index times `stride` from `or`/`oi`: no permutation pass.
 */
// @ts-ignore: decorator
@inline
function lastStages(pr: usize, pi: usize, or: usize, oi: usize, n: i32, rev: usize, stride: usize, sign: f32, scale: f32): void {
  for (let i: usize = 0; i < (<usize>n << 2); i += 16) {
    const x0r = load<f32>(pr + i), x1r = load<f32>(pr + i + 4), x2r = load<f32>(pr + i + 8), x3r = load<f32>(pr + i + 12);
    const x0i = load<f32>(pi + i), x1i = load<f32>(pi + i + 4), x2i = load<f32>(pi + i + 8), x3i = load<f32>(pi + i + 12);
    const y0r = x0r + x2r, y0i = x0i + x2i;
    const y1r = x1r + x3r, y1i = x1i + x3i;
    const y2r = x0r - x2r, y2i = x0i - x2i;
    // (x1 − x3)·(sign·i)
    const y3r = -sign * (x1i - x3i), y3i = sign * (x1r - x3r);
    const r0 = (<usize>load<u32>(rev + i) * stride) << 2, r1 = (<usize>load<u32>(rev + i + 4) * stride) << 2;
    const r2 = (<usize>load<u32>(rev + i + 8) * stride) << 2, r3 = (<usize>load<u32>(rev + i + 12) * stride) << 2;
    store<f32>(or + r0, (y0r + y1r) * scale); store<f32>(oi + r0, (y0i + y1i) * scale);
    store<f32>(or + r1, (y0r - y1r) * scale); store<f32>(oi + r1, (y0i - y1i) * scale);
    store<f32>(or + r2, (y2r + y3r) * scale); store<f32>(oi + r2, (y2i + y3i) * scale);
    store<f32>(or + r3, (y2r - y3r) * scale); store<f32>(oi + r3, (y2i - y3i) * scale);
  }
}

/**
 * FFT of `rows` rows of n values at `re`/`im` into `outRe`/`outIm` (inputs unchanged), each row
 * transformed in cache-resident scratch. `work` holds 8n bytes of scratch; `rev` the n bit-reversed indices (u32).
 * `sign` −1 is the forward transform; +1 the inverse, which also scales by `scale`.
 */
export function fft(re: usize, im: usize, outRe: usize, outIm: usize, n: i32, rows: i32, cos: usize, sin: usize, rev: usize, sign: f32, scale: f32, work: usize): void {
  const signs = f32x4.splat(sign);
  const bytes = <usize>n << 2;
  const wr = work;
  const wi = work + bytes;
  for (let r: usize = 0; r < <usize>rows; r++) {
    const pr = re + r * bytes;
    const pi = im + r * bytes;
    const or = outRe + r * bytes;
    const oi = outIm + r * bytes;
    if (n >= 4) {
      if (rowPasses(pr, pi, wr, wi, n, cos, sin, signs)) lastStages(wr, wi, or, oi, n, rev, 1, sign, scale);
      else lastStages(pr, pi, or, oi, n, rev, 1, sign, scale);
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

/**
 * Four-step FFT of `rows` rows of n = n1·n2 values (n1, n2 ≥ 16) at `re`/`im` into
 * `outRe`/`outIm`, inputs unchanged. `twRe`/`twIm` hold cos and sin of 2π·k1·c/n at k1·n2 + c;
 * `rev1`/`rev2` the bit-reversed indices of n1 and n2; `work` 8n + 128·(n1 + n2) bytes.
 * Both passes move 16 columns (or rows) at a time, so every cache line of the row, the
 * twiddles and the output is read or written whole, once: power-of-two strides would otherwise
 * map the lines of a column onto a few cache sets that evict each other.
 */
export function fftFourStep(re: usize, im: usize, outRe: usize, outIm: usize, n1: i32, n2: i32, rows: i32, cos: usize, sin: usize, twRe: usize, twIm: usize, rev1: usize, rev2: usize, sign: f32, scale: f32, work: usize): void {
  const signs = f32x4.splat(sign);
  const n = <usize>n1 * <usize>n2;
  const bytes = n << 2;
  const pitch = <usize>n2 << 2;
  const column = <usize>n1 << 4; // one group of 4 columns, n1 vectors
  const tr = work;
  const ti = tr + bytes;
  const vr = ti + bytes;
  const vi = vr + 4 * column;
  const br = vi + 4 * column;
  const bi = br + (<usize>n2 << 6);
  for (let r: usize = 0; r < <usize>rows; r++) {
    const pr = re + r * bytes;
    const pi = im + r * bytes;
    // Columns, 16 at a time: 4 groups of 4, each group's lanes 4 independent n1-point FFTs, the
    // first pass reading the row in place.
    for (let c: usize = 0; c < pitch; c += 64) {
      for (let g: usize = 0; g < 4; g++) {
        const from = c + (g << 4);
        columnPasses(pr + from, pi + from, pitch, vr + g * column, vi + g * column, n1, cos, sin, sign);
      }
      for (let k: usize = 0; k < <usize>n1; k++) {
        const k1 = <usize>load<u32>(rev1 + (k << 2));
        for (let g: usize = 0; g < 4; g++) {
          const ar = v128.load(vr + g * column + (k << 4)), ai = v128.load(vi + g * column + (k << 4));
          const at = k1 * pitch + c + (g << 4);
          const wr = v128.load(twRe + at), wi = f32x4.mul(v128.load(twIm + at), signs);
          v128.store(tr + at, f32x4.sub(f32x4.mul(ar, wr), f32x4.mul(ai, wi)));
          v128.store(ti + at, f32x4.add(f32x4.mul(ar, wi), f32x4.mul(ai, wr)));
        }
      }
    }
    // Rows, 16 at a time: row k1's value k2 is the output's k1 + n1·k2. Each row's results go
    // to a block holding value k2 of the 16 rows at 16·k2, copied out as whole lines.
    const or = outRe + r * bytes;
    const oi = outIm + r * bytes;
    for (let k1: usize = 0; k1 < <usize>n1; k1 += 16) {
      for (let j: usize = 0; j < 16; j++) {
        const rr = tr + (k1 + j) * pitch;
        const ri = ti + (k1 + j) * pitch;
        rowPasses(rr, ri, rr, ri, n2, cos, sin, signs);
        lastStages(rr, ri, br + (j << 2), bi + (j << 2), n2, rev2, 16, sign, scale);
      }
      for (let k2: usize = 0; k2 < <usize>n2; k2++) {
        const to = ((k2 * <usize>n1 + k1) << 2);
        const from = k2 << 6;
        v128.store(or + to, v128.load(br + from)); v128.store(or + to, v128.load(br + from, 16), 16);
        v128.store(or + to, v128.load(br + from, 32), 32); v128.store(or + to, v128.load(br + from, 48), 48);
        v128.store(oi + to, v128.load(bi + from)); v128.store(oi + to, v128.load(bi + from, 16), 16);
        v128.store(oi + to, v128.load(bi + from, 32), 32); v128.store(oi + to, v128.load(bi + from, 48), 48);
      }
    }
  }
}

/** The complex product (ar + i·ai)(wr + i·wi), real part. */
// @ts-ignore: decorator
@inline
function mulRe(ar: v128, ai: v128, wr: v128, wi: v128): v128 {
  return f32x4.sub(f32x4.mul(ar, wr), f32x4.mul(ai, wi));
}

/** The complex product (ar + i·ai)(wr + i·wi), imaginary part. */
// @ts-ignore: decorator
@inline
function mulIm(ar: v128, ai: v128, wr: v128, wi: v128): v128 {
  return f32x4.add(f32x4.mul(ar, wi), f32x4.mul(ai, wr));
}

/**
 * DIF of n1 vectors (4 independent columns, one per lane) read at `sr`/`si` + i·`step`, into
 * `vr`/`vi` (16 bytes apart), bit-reversed out (n1 ≥ 4: the first pass is radix-4): radix-4 steps (spans h and h/2 in one trip, as `rowPasses`), one radix-2 step if needed.
 */
// @ts-ignore: decorator
@inline
function columnPasses(sr: usize, si: usize, step: usize, vr: usize, vi: usize, n1: i32, cos: usize, sin: usize, sign: f32): void {
  // The first pass reads vector i at sr/si + i·step (the columns in place), later ones vr/vi.
  let fr = sr;
  let fi = si;
  let fs = step;
  let h = <usize>n1 >> 1;
  for (; h >= 2; h >>= 2) {
    const q = h >> 1;
    for (let j: usize = 0; j < q; j++) {
      const wa = f32x4.splat(load<f32>(cos + ((h + j) << 2))), wb = f32x4.splat(sign * load<f32>(sin + ((h + j) << 2)));
      const wc = f32x4.splat(load<f32>(cos + ((h + q + j) << 2))), wd = f32x4.splat(sign * load<f32>(sin + ((h + q + j) << 2)));
      const ur = f32x4.splat(load<f32>(cos + ((q + j) << 2))), ui = f32x4.splat(sign * load<f32>(sin + ((q + j) << 2)));
      for (let i: usize = j; i < <usize>n1; i += h << 1) {
        const p0 = i << 4, p1 = (i + q) << 4, p2 = (i + h) << 4, p3 = (i + h + q) << 4;
        const f0 = i * fs, f1 = (i + q) * fs, f2 = (i + h) * fs, f3 = (i + h + q) * fs;
        const x0r = v128.load(fr + f0), x0i = v128.load(fi + f0);
        const x1r = v128.load(fr + f1), x1i = v128.load(fi + f1);
        const x2r = v128.load(fr + f2), x2i = v128.load(fi + f2);
        const x3r = v128.load(fr + f3), x3i = v128.load(fi + f3);
        const y0r = f32x4.add(x0r, x2r), y0i = f32x4.add(x0i, x2i);
        const y1r = f32x4.add(x1r, x3r), y1i = f32x4.add(x1i, x3i);
        const d0r = f32x4.sub(x0r, x2r), d0i = f32x4.sub(x0i, x2i);
        const d1r = f32x4.sub(x1r, x3r), d1i = f32x4.sub(x1i, x3i);
        const y2r = mulRe(d0r, d0i, wa, wb), y2i = mulIm(d0r, d0i, wa, wb);
        const y3r = mulRe(d1r, d1i, wc, wd), y3i = mulIm(d1r, d1i, wc, wd);
        v128.store(vr + p0, f32x4.add(y0r, y1r)); v128.store(vi + p0, f32x4.add(y0i, y1i));
        v128.store(vr + p2, f32x4.add(y2r, y3r)); v128.store(vi + p2, f32x4.add(y2i, y3i));
        const e0r = f32x4.sub(y0r, y1r), e0i = f32x4.sub(y0i, y1i);
        const e1r = f32x4.sub(y2r, y3r), e1i = f32x4.sub(y2i, y3i);
        v128.store(vr + p1, mulRe(e0r, e0i, ur, ui)); v128.store(vi + p1, mulIm(e0r, e0i, ur, ui));
        v128.store(vr + p3, mulRe(e1r, e1i, ur, ui)); v128.store(vi + p3, mulIm(e1r, e1i, ur, ui));
      }
    }
    fr = vr;
    fi = vi;
    fs = 16;
  }
  if (h == 1) {
    for (let i: usize = 0; i < <usize>n1; i += 2) {
      const a = i << 4, b = a + 16;
      const ar = v128.load(vr + a), ai = v128.load(vi + a);
      const br = v128.load(vr + b), bi = v128.load(vi + b);
      v128.store(vr + a, f32x4.add(ar, br)); v128.store(vi + a, f32x4.add(ai, bi));
      v128.store(vr + b, f32x4.sub(ar, br)); v128.store(vi + b, f32x4.sub(ai, bi));
    }
  }
}
