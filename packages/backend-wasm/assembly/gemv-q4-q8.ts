// Fused GEMVs for ggml's q8_0 and q4_0 (blocks of 32 with an f16 scale; the arithmetic of
// ggml's ggml_vec_dot_q8_0_q8_0 / q4_0_q8_0). Through V8 on x86 the costly step was widening
// W's bytes to i16 lanes (byte shuffles, one port). Here each call first copies the activations
// into an even/odd order per block, some slots pre-multiplied by a power of two, so that W's
// bytes become i16 lanes by one shift or mask each: a q8_0 byte pair (e, o) as an i16 is
// 256·e after `shl 8` and o after `shr_s 8`, with o's activations stored ×256; a q4_0 byte's
// nibbles are `& 0x0f` and 16× themselves after `& 0xf0`, with the others' stored ×16. The
// power of two is taken out again in the scale (exact). Eight rows of W share each block's
// activations; per four rows the dots are reduced to one lane each and scaled by the four f16
// scales at once.

/**
 * Copies m·k activations from quantizeActivations' order (32 i16 per block) to `out`: per
 * block values 0, 2, …, 14 (slot 0), 1, 3, …, 15 (slot 1), 16, …, 30 (slot 2), 17, …, 31 (slot
 * 3); for q4_0 (`four`) slots 0 and 1 ×16, then one i32 per block, 128·Σq (its codes are
 * q − 8); for q8_0 slots 1 and 3 ×256.
 */
// @ts-ignore: decorator
@inline
function evenOdd(xq: usize, m: i32, k: i32, out: usize, four: bool): void {
  const blocks = (<usize>m * <usize>k) >> 5;
  const offsets = out + (blocks << 6);
  const ones = i16x8.splat(1);
  for (let b: usize = 0; b < blocks; b++) {
    const p = xq + (b << 6);
    const v0 = v128.load(p);
    const v1 = v128.load(p, 16);
    const v2 = v128.load(p, 32);
    const v3 = v128.load(p, 48);
    const s0 = v128.shuffle<i16>(v0, v1, 0, 2, 4, 6, 8, 10, 12, 14);
    const s1 = v128.shuffle<i16>(v0, v1, 1, 3, 5, 7, 9, 11, 13, 15);
    const s2 = v128.shuffle<i16>(v2, v3, 0, 2, 4, 6, 8, 10, 12, 14);
    const s3 = v128.shuffle<i16>(v2, v3, 1, 3, 5, 7, 9, 11, 13, 15);
    const o = out + (b << 6);
    v128.store(o, four ? i16x8.shl(s0, 4) : s0);
    v128.store(o, i16x8.shl(s1, four ? 4 : 8), 16);
    v128.store(o, s2, 32);
    v128.store(o, four ? s3 : i16x8.shl(s3, 8), 48);
    if (four) {
      const sum = i32x4.add(
        i32x4.add(i32x4.dot_i16x8_s(v0, ones), i32x4.dot_i16x8_s(v1, ones)),
        i32x4.add(i32x4.dot_i16x8_s(v2, ones), i32x4.dot_i16x8_s(v3, ones)),
      );
      const total = i32x4.extract_lane(sum, 0) + i32x4.extract_lane(sum, 1) + i32x4.extract_lane(sum, 2) + i32x4.extract_lane(sum, 3);
      store<i32>(offsets + (b << 2), total << 7);
    }
  }
}

/** [Σa, Σb, Σc, Σd]: the lane sums of four i32x4, one per lane (a 4×4 transpose-add). */
// @ts-ignore: decorator
@inline
function laneSums(a: v128, b: v128, c: v128, d: v128): v128 {
  const ab = i32x4.add(v128.shuffle<i32>(a, b, 0, 4, 1, 5), v128.shuffle<i32>(a, b, 2, 6, 3, 7));
  const cd = i32x4.add(v128.shuffle<i32>(c, d, 0, 4, 1, 5), v128.shuffle<i32>(c, d, 2, 6, 3, 7));
  return i32x4.add(v128.shuffle<i32>(ab, cd, 0, 1, 4, 5), v128.shuffle<i32>(ab, cd, 2, 3, 6, 7));
}

/**
 * 16 (q4_0) or 256 (q8_0) × Σ q·x as i32 lanes for the block at `at`, against activation
 * slots x0…x3; q4_0's codes unsigned (the caller subtracts the offset).
 */
// @ts-ignore: decorator
@inline
function blockDot(at: usize, x0: v128, x1: v128, x2: v128, x3: v128, low: v128, high: v128, four: bool): v128 {
  if (four) {
    const q = v128.load(at, 2);
    const r = i16x8.shr_u(q, 8);
    const a = i32x4.add(i32x4.dot_i16x8_s(v128.and(q, low), x0), i32x4.dot_i16x8_s(v128.and(r, low), x1));
    const b = i32x4.add(i32x4.dot_i16x8_s(v128.and(q, high), x2), i32x4.dot_i16x8_s(v128.and(r, high), x3));
    return i32x4.add(a, b);
  }
  const lo = v128.load(at, 2);
  const hi = v128.load(at, 18);
  const a = i32x4.add(i32x4.dot_i16x8_s(i16x8.shl(lo, 8), x0), i32x4.dot_i16x8_s(i16x8.shr_s(lo, 8), x1));
  const b = i32x4.add(i32x4.dot_i16x8_s(i16x8.shl(hi, 8), x2), i32x4.dot_i16x8_s(i16x8.shr_s(hi, 8), x3));
  return i32x4.add(a, b);
}

/**
 * One block of four rows (at p0…p3) into the f32 lanes of `acc`. The dots go through memory
 * one row at a time: V8 would otherwise interleave the four rows' work and spill.
 */
// @ts-ignore: decorator
@inline
function step(acc: v128, p0: usize, p1: usize, p2: usize, p3: usize, x0: v128, x1: v128, x2: v128, x3: v128, d: f32, offset: usize, dots: usize, c: usize, four: bool): v128 {
  const low = v128.load(c);
  const high = v128.load(c, 16);
  v128.store(dots, blockDot(p0, x0, x1, x2, x3, low, high, four));
  v128.store(dots, blockDot(p1, x0, x1, x2, x3, low, high, four), 16);
  v128.store(dots, blockDot(p2, x0, x1, x2, x3, low, high, four), 32);
  v128.store(dots, blockDot(p3, x0, x1, x2, x3, low, high, four), 48);
  let sums = laneSums(v128.load(dots), v128.load(dots, 16), v128.load(dots, 32), v128.load(dots, 48));
  if (four) sums = i32x4.sub(sums, v128.load32_splat(offset));
  // The four f16 scales in the top halves of i32 lanes, widened exactly (half.ts's widenExact
  // with its constants in registers and the power of two of the slots taken out).
  let t = i32x4.splat(0);
  t = v128.load16_lane(p0, t, 1);
  t = v128.load16_lane(p1, t, 3);
  t = v128.load16_lane(p2, t, 5);
  t = v128.load16_lane(p3, t, 7);
  const exponent = v128.load(c, 32);
  const special = v128.and(i32x4.eq(v128.and(t, exponent), exponent), v128.load(c, 48));
  const scales = v128.or(f32x4.mul(v128.and(i32x4.shr_s(t, 3), v128.load(c, 64)), v128.load(c, 80)), special);
  return f32x4.add(acc, f32x4.mul(f32x4.convert_i32x4_s(sums), f32x4.mul(scales, f32x4.splat(d))));
}

/**
 * y [m, n] for W in q4_0 (`four`: blocks { f16 d; u8 qs[16] }, (q − 8)·d, byte j holding
 * values j and j+16) or q8_0 ({ f16 d; i8 qs[32] }); `scratch` holds m·k·17/8 + 160 bytes.
 * Rows go eight at a time (two groups of four on the same activation loads); a last group of
 * fewer repeats the final row in the spare lanes and stores only its own. Every row's lane sees the same operations wherever it falls, so any
 * split of the rows gives the same bits.
 */
// @ts-ignore: decorator
@inline
function gemvBlock32(xq: usize, xd: usize, w: usize, y: usize, m: i32, n: i32, k: i32, scratch: usize, four: bool): void {
  // scratch: the constants below (96 bytes), four block dots (64), then the activations.
  const c = scratch;
  const dots = scratch + 96;
  const x = scratch + 160;
  evenOdd(xq, m, k, x, four);
  const bytes: usize = four ? 18 : 34;
  const blocks = <usize>(k >> 5);
  const rowBytes = blocks * bytes;
  const last = <usize>n - 1;
  // Loaded from memory at each use (one instruction): V8 rebuilds a v128 constant from
  // immediates (three) at every use inside the loop.
  v128.store(c, i16x8.splat(0x0f));
  v128.store(c, i16x8.splat(0xf0), 16);
  v128.store(c, i32x4.splat(0x7c000000), 32);
  v128.store(c, i32x4.splat(0x7f800000), 48);
  v128.store(c, i32x4.splat(0x8fffe000), 64);
  v128.store(c, i32x4.splat(four ? 0x75800000 : 0x73800000), 80); // f32 2^112 / 16 or / 256
  for (let i: usize = 0; i < <usize>m; i++) {
    const xRow = x + i * blocks * 64;
    const dRow = xd + i * blocks * 4;
    const oRow = x + ((<usize>m * blocks) << 6) + i * blocks * 4;
    for (let j: usize = 0; j < <usize>n; j += 8) {
      let p0 = w + j * rowBytes;
      let p1 = w + min(j + 1, last) * rowBytes;
      let p2 = w + min(j + 2, last) * rowBytes;
      let p3 = w + min(j + 3, last) * rowBytes;
      let p4 = w + min(j + 4, last) * rowBytes;
      let p5 = w + min(j + 5, last) * rowBytes;
      let p6 = w + min(j + 6, last) * rowBytes;
      let p7 = w + min(j + 7, last) * rowBytes;
      let acc0 = f32x4.splat(0);
      let acc1 = f32x4.splat(0);
      let xp = xRow;
      let dp = dRow;
      let op = oRow;
      for (let b: usize = 0; b < blocks; b++) {
        const x0 = v128.load(xp);
        const x1 = v128.load(xp, 16);
        const x2 = v128.load(xp, 32);
        const x3 = v128.load(xp, 48);
        const d = load<f32>(dp);
        acc0 = step(acc0, p0, p1, p2, p3, x0, x1, x2, x3, d, op, dots, c, four);
        acc1 = step(acc1, p4, p5, p6, p7, x0, x1, x2, x3, d, op, dots, c, four);
        p0 += bytes;
        p1 += bytes;
        p2 += bytes;
        p3 += bytes;
        p4 += bytes;
        p5 += bytes;
        p6 += bytes;
        p7 += bytes;
        xp += 64;
        dp += 4;
        op += 4;
      }
      const out = y + ((i * <usize>n + j) << 2);
      if (j + 8 <= <usize>n) {
        v128.store(out, acc0);
        v128.store(out, acc1, 16);
      } else {
        v128.store(dots, acc0);
        v128.store(dots, acc1, 16);
        for (let t: usize = 0; t < <usize>n - j; t++) store<f32>(out + (t << 2), load<f32>(dots + (t << 2)));
      }
    }
  }
}

/** W in q8_0 blocks { f16 d; i8 qs[32] }; `scratch`: m·k·17/8 + 160 bytes. */
export function gemvQ8_0(xq: usize, xd: usize, w: usize, y: usize, m: i32, n: i32, k: i32, scratch: usize): void {
  gemvBlock32(xq, xd, w, y, m, n, k, scratch, false);
}

/** W in q4_0 blocks { f16 d; u8 qs[16] }; `scratch`: m·k·17/8 + 160 bytes. */
export function gemvQ4_0(xq: usize, xd: usize, w: usize, y: usize, m: i32, n: i32, k: i32, scratch: usize): void {
  gemvBlock32(xq, xd, w, y, m, n, k, scratch, true);
}
