/**
 * Encoders for the K-quants, following ggml's reference quantizers (ggml-quants.c:
 * make_qkx2_quants, make_qx_quants, make_q3_quants and quantize_row_q*_K_ref): per sub-block
 * scale (and min) search by weighted least squares, then sub-block scales quantized to 4/6/8
 * bits against f16 super-scales, then codes recomputed from the stored scales.
 */
import { signedAbsMax, writeHalf } from './ggml-block.ts';
import { scaleMinK4 } from './k-quants.ts';

const QK_K = 256;
const GROUP_MAX_EPS = 1e-15;

/** Round half to even, as ggml's nearest_int (the 1.5·2^23 trick). */
function nearestInt(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Codes of the candidate being tried (sub-blocks hold at most 32 values). */
const aux = new Uint8Array(32);
/** makeQkx2Quants' result: the scale and the (negated) min. */
const qkx2Fit = { scale: 0, min: 0 };

/**
 * Scale and (negated) min for codes 0..nmax over x, searched around the min–max fit; written to
 * `qkx2Fit`. Sums and errors are taken in float64 in ggml's order (the results are pinned by the
 * ggml fixtures), with no allocation per call.
 */
function makeQkx2Quants(
  x: Float32Array,
  weights: Float32Array,
  nmax: number,
  L: Uint8Array,
  rmin: number,
  rdelta: number,
  nstep: number,
  useMad: boolean,
): typeof qkx2Fit {
  const n = x.length;
  let min = x[0]!;
  let max = x[0]!;
  let sumW = 0;
  let sumX = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    min = Math.min(min, v);
    max = Math.max(max, v);
    sumW += weights[i]!;
    sumX += weights[i]! * v;
  }
  if (min > 0) min = 0;
  if (max === min) {
    L.fill(0);
    qkx2Fit.scale = 0;
    qkx2Fit.min = -min;
    return qkx2Fit;
  }
  let iscale = nmax / (max - min);
  let scale = 1 / iscale;
  let best = 0;
  for (let i = 0; i < n; i++) {
    const l = clamp(nearestInt(iscale * (x[i]! - min)), 0, nmax);
    L[i] = l;
    const d = scale * l + min - x[i]!;
    best += weights[i]! * (useMad ? Math.abs(d) : d * d);
  }
  for (let step = 0; step <= nstep; step++) {
    iscale = (rmin + rdelta * step + nmax) / (max - min);
    let sumL = 0;
    let sumL2 = 0;
    let sumXL = 0;
    for (let i = 0; i < n; i++) {
      const l = clamp(nearestInt(iscale * (x[i]! - min)), 0, nmax);
      aux[i] = l;
      const w = weights[i]!;
      sumL += w * l;
      sumL2 += w * l * l;
      sumXL += w * l * x[i]!;
    }
    const D = sumW * sumL2 - sumL * sumL;
    if (D > 0) {
      let thisScale = (sumW * sumXL - sumX * sumL) / D;
      let thisMin = (sumL2 * sumX - sumL * sumXL) / D;
      if (thisMin > 0) {
        thisMin = 0;
        thisScale = sumXL / sumL2;
      }
      let mad = 0;
      for (let i = 0; i < n; i++) {
        const d = thisScale * aux[i]! + thisMin - x[i]!;
        mad += weights[i]! * (useMad ? Math.abs(d) : d * d);
      }
      if (mad < best) {
        for (let i = 0; i < n; i++) L[i] = aux[i]!;
        best = mad;
        scale = thisScale;
        min = thisMin;
      }
    }
  }
  qkx2Fit.scale = scale;
  qkx2Fit.min = -min;
  return qkx2Fit;
}

/** Weights of one sub-block (at most 32 values). */
const subWeights = new Float32Array(32);

/** Symmetric scale for codes −nmax..nmax−1 (stored +nmax), weighted least squares. */
function makeQxQuants(x: Float32Array, nmax: number, L: Uint8Array): number {
  const max = signedAbsMax(x);
  if (Math.abs(max) < GROUP_MAX_EPS) {
    L.fill(0);
    return 0;
  }
  const fit = (iscale: number) => {
    let sumLX = 0;
    let sumL2 = 0;
    for (const v of x) {
      const l = clamp(nearestInt(iscale * v), -nmax, nmax - 1);
      const w = v * v;
      sumLX += w * v * l;
      sumL2 += w * l * l;
    }
    return { sumLX, sumL2 };
  };
  const assign = (iscale: number) => {
    for (let i = 0; i < x.length; i++)
      L[i] = nmax + clamp(nearestInt(iscale * x[i]!), -nmax, nmax - 1);
  };
  let iscale = -nmax / max;
  let { sumLX, sumL2 } = fit(iscale);
  assign(iscale);
  let scale = sumL2 ? sumLX / sumL2 : 0;
  let best = scale * sumLX;
  for (let is = -9; is <= 9; is++) {
    if (is === 0) continue;
    iscale = -(nmax + 0.1 * is) / max;
    ({ sumLX, sumL2 } = fit(iscale));
    if (sumL2 > 0 && sumLX * sumLX > best * sumL2) {
      assign(iscale);
      scale = sumLX / sumL2;
      best = scale * sumLX;
    }
  }
  return scale;
}

/** q3_K's sub-block fit: signed codes −nmax..nmax−1, coordinate-descent refinement. */
function makeQ3Quants(x: Float32Array, nmax: number, L: Int8Array): number {
  const max = signedAbsMax(x);
  if (Math.abs(max) < GROUP_MAX_EPS) {
    L.fill(0);
    return 0;
  }
  const iscale = -nmax / max;
  let sumLX = 0;
  let sumL2 = 0;
  for (let i = 0; i < x.length; i++) {
    const l = clamp(nearestInt(iscale * x[i]!), -nmax, nmax - 1);
    L[i] = l;
    const w = x[i]! * x[i]!;
    sumLX += w * x[i]! * l;
    sumL2 += w * l * l;
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    let changed = 0;
    for (let i = 0; i < x.length; i++) {
      const w = x[i]! * x[i]!;
      let slx = sumLX - w * x[i]! * L[i]!;
      if (slx > 0) {
        let sl2 = sumL2 - w * L[i]! * L[i]!;
        const next = clamp(nearestInt((x[i]! * sl2) / slx), -nmax, nmax - 1);
        if (next !== L[i]) {
          slx += w * x[i]! * next;
          sl2 += w * next * next;
          if (sl2 > 0 && slx * slx * sumL2 > sumLX * sumLX * sl2) {
            L[i] = next;
            sumLX = slx;
            sumL2 = sl2;
            changed++;
          }
        }
      }
    }
    if (!changed) break;
  }
  return sumL2 ? sumLX / sumL2 : 0;
}

/** Packs four 2-bit planes: byte l of each 32-byte chunk holds values l, l+32, l+64, l+96. */
function pack2bit(L: Uint8Array, out: Uint8Array, at: number): void {
  for (let j = 0; j < QK_K; j += 128) {
    for (let l = 0; l < 32; l++) {
      out[at + j / 4 + l] =
        L[j + l]! | (L[j + l + 32]! << 2) | (L[j + l + 64]! << 4) | (L[j + l + 96]! << 6);
    }
  }
}

export function encodeQ2K(x: Float32Array, out: Uint8Array, at: number): void {
  const L = new Uint8Array(QK_K);
  const scales = new Float32Array(16);
  const mins = new Float32Array(16);
  let maxScale = 0;
  let maxMin = 0;
  for (let j = 0; j < 16; j++) {
    const xs = x.subarray(16 * j, 16 * j + 16);
    const weights = subWeights.subarray(0, 16);
    for (let i = 0; i < 16; i++) weights[i] = Math.abs(xs[i]!);
    const fit = makeQkx2Quants(
      xs,
      weights,
      3,
      L.subarray(16 * j, 16 * j + 16),
      -0.5,
      0.1,
      15,
      true,
    );
    scales[j] = fit.scale;
    mins[j] = fit.min;
    maxScale = Math.max(maxScale, fit.scale);
    maxMin = Math.max(maxMin, fit.min);
  }
  const d = maxScale > 0 ? writeHalf(out, at + 80, maxScale / 15) : writeHalf(out, at + 80, 0);
  const dmin = maxMin > 0 ? writeHalf(out, at + 82, maxMin / 15) : writeHalf(out, at + 82, 0);
  for (let j = 0; j < 16; j++) {
    const ls = maxScale > 0 ? clamp(nearestInt((15 / maxScale) * scales[j]!), 0, 15) : 0;
    const lm = maxMin > 0 ? clamp(nearestInt((15 / maxMin) * mins[j]!), 0, 15) : 0;
    out[at + j] = ls | (lm << 4);
    const dl = d * ls;
    if (!dl) continue;
    const ml = dmin * lm;
    for (let i = 0; i < 16; i++)
      L[16 * j + i] = clamp(nearestInt((x[16 * j + i]! + ml) / dl), 0, 3);
  }
  pack2bit(L, out, at + 16);
}

export function encodeQ3K(x: Float32Array, out: Uint8Array, at: number): void {
  const signed = new Int8Array(QK_K);
  const scales = new Float32Array(16);
  let maxScale = 0;
  let amax = 0;
  for (let j = 0; j < 16; j++) {
    scales[j] = makeQ3Quants(
      x.subarray(16 * j, 16 * j + 16),
      4,
      signed.subarray(16 * j, 16 * j + 16),
    );
    if (Math.abs(scales[j]!) > amax) {
      amax = Math.abs(scales[j]!);
      maxScale = scales[j]!;
    }
  }
  const packed = out.subarray(at + 96, at + 108);
  packed.fill(0);
  let d = 0;
  if (maxScale) {
    const iscale = -32 / maxScale;
    for (let j = 0; j < 16; j++) {
      let l = clamp(nearestInt(iscale * scales[j]!), -32, 31) + 32;
      if (j < 8) packed[j] = l & 0xf;
      else packed[j - 8]! |= (l & 0xf) << 4;
      l >>= 4;
      packed[(j % 4) + 8]! |= l << (2 * Math.floor(j / 4));
    }
    d = writeHalf(out, at + 108, 1 / iscale);
  } else {
    writeHalf(out, at + 108, 0);
  }
  const L = new Uint8Array(QK_K).fill(4);
  for (let j = 0; j < 16; j++) {
    const low = j < 8 ? packed[j]! & 0xf : packed[j - 8]! >> 4;
    const sc = (low | (((packed[8 + (j % 4)]! >> (2 * Math.floor(j / 4))) & 3) << 4)) - 32;
    const dl = d * sc;
    if (!dl) continue;
    for (let i = 0; i < 16; i++) L[16 * j + i] = clamp(nearestInt(x[16 * j + i]! / dl), -4, 3) + 4;
  }
  const hmask = out.subarray(at, at + 32);
  hmask.fill(0);
  for (let j = 0; j < QK_K; j++) {
    if (L[j]! > 3) {
      hmask[j % 32]! |= 1 << Math.floor(j / 32);
      L[j]! -= 4;
    }
  }
  pack2bit(L, out, at + 32);
}

/** Shared by q4_K and q5_K: 8 sub-blocks of 32, 6-bit scales and mins. Returns the codes. */
function encodeK4Scales(
  x: Float32Array,
  out: Uint8Array,
  at: number,
  nmax: number,
  rmin: number,
  nstep: number,
): Uint8Array {
  const L = new Uint8Array(QK_K);
  const scales = new Float32Array(8);
  const mins = new Float32Array(8);
  let maxScale = 0;
  let maxMin = 0;
  for (let j = 0; j < 8; j++) {
    const xs = x.subarray(32 * j, 32 * j + 32);
    let sum2 = 0;
    for (const v of xs) sum2 += v * v;
    const average = Math.sqrt(sum2 / 32);
    const weights = subWeights;
    for (let i = 0; i < 32; i++) weights[i] = average + Math.abs(xs[i]!);
    const fit = makeQkx2Quants(
      xs,
      weights,
      nmax,
      L.subarray(32 * j, 32 * j + 32),
      rmin,
      0.1,
      nstep,
      false,
    );
    scales[j] = fit.scale;
    mins[j] = fit.min;
    maxScale = Math.max(maxScale, fit.scale);
    maxMin = Math.max(maxMin, fit.min);
  }
  const invScale = maxScale > 0 ? 63 / maxScale : 0;
  const invMin = maxMin > 0 ? 63 / maxMin : 0;
  const packed = out.subarray(at + 4, at + 16);
  packed.fill(0);
  for (let j = 0; j < 8; j++) {
    const ls = Math.min(63, nearestInt(invScale * scales[j]!));
    const lm = Math.min(63, nearestInt(invMin * mins[j]!));
    if (j < 4) {
      packed[j] = ls;
      packed[j + 4] = lm;
    } else {
      packed[j + 4] = (ls & 0xf) | ((lm & 0xf) << 4);
      packed[j - 4]! |= (ls >> 4) << 6;
      packed[j]! |= (lm >> 4) << 6;
    }
  }
  const d = writeHalf(out, at, maxScale / 63);
  const dmin = writeHalf(out, at + 2, maxMin / 63);
  for (let j = 0; j < 8; j++) {
    const [sc, m] = scaleMinK4(j, out, at + 4);
    const dl = d * sc;
    if (!dl) continue;
    const dm = dmin * m;
    for (let i = 0; i < 32; i++)
      L[32 * j + i] = clamp(nearestInt((x[32 * j + i]! + dm) / dl), 0, nmax);
  }
  return L;
}

export function encodeQ4K(x: Float32Array, out: Uint8Array, at: number): void {
  const L = encodeK4Scales(x, out, at, 15, -1, 20);
  for (let j = 0; j < QK_K; j += 64) {
    for (let l = 0; l < 32; l++) out[at + 16 + j / 2 + l] = L[j + l]! | (L[j + l + 32]! << 4);
  }
}

export function encodeQ5K(x: Float32Array, out: Uint8Array, at: number): void {
  const L = encodeK4Scales(x, out, at, 31, -0.5, 15);
  const qh = out.subarray(at + 16, at + 48);
  qh.fill(0);
  for (let n = 0, bit = 0; n < QK_K; n += 64, bit += 2) {
    for (let j = 0; j < 32; j++) {
      let l1 = L[n + j]!;
      let l2 = L[n + j + 32]!;
      if (l1 > 15) {
        l1 -= 16;
        qh[j]! |= 1 << bit;
      }
      if (l2 > 15) {
        l2 -= 16;
        qh[j]! |= 2 << bit;
      }
      out[at + 48 + n / 2 + j] = l1 | (l2 << 4);
    }
  }
}

export function encodeQ6K(x: Float32Array, out: Uint8Array, at: number): void {
  const L = new Uint8Array(QK_K);
  const scales = new Float32Array(16);
  let maxScale = 0;
  let maxAbs = 0;
  for (let ib = 0; ib < 16; ib++) {
    scales[ib] = makeQxQuants(
      x.subarray(16 * ib, 16 * ib + 16),
      32,
      L.subarray(16 * ib, 16 * ib + 16),
    );
    if (Math.abs(scales[ib]!) > maxAbs) {
      maxAbs = Math.abs(scales[ib]!);
      maxScale = scales[ib]!;
    }
  }
  out.fill(0, at, at + 210);
  if (maxAbs < GROUP_MAX_EPS) return;
  const iscale = -128 / maxScale;
  const d = writeHalf(out, at + 208, 1 / iscale);
  for (let ib = 0; ib < 16; ib++) {
    const s = Math.min(127, nearestInt(iscale * scales[ib]!));
    out[at + 192 + ib] = s & 0xff;
    const dl = d * s;
    if (!dl) continue;
    for (let i = 0; i < 16; i++)
      L[16 * ib + i] = clamp(nearestInt(x[16 * ib + i]! / dl), -32, 31) + 32;
  }
  for (let j = 0; j < QK_K; j += 128) {
    const ql = at + j / 2;
    const qh = at + 128 + j / 4;
    for (let l = 0; l < 32; l++) {
      const [a, b, c, e] = [L[j + l]!, L[j + l + 32]!, L[j + l + 64]!, L[j + l + 96]!];
      out[ql + l] = (a & 0xf) | ((c & 0xf) << 4);
      out[ql + l + 32] = (b & 0xf) | ((e & 0xf) << 4);
      out[qh + l] = (a >> 4) | ((b >> 4) << 2) | ((c >> 4) << 4) | ((e >> 4) << 6);
    }
  }
}
