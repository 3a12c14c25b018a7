// Fused GEMVs for ggml's q8_0 and q4_0 (blocks of 32 with an f16 scale), on x86 through V8
// the costliest step per block was widening W's bytes to i16 lanes (byte shuffles, one port).
// Here the activations are first copied into an even/odd order per block, in which W's bytes
// become i16 lanes by shifts and masks alone; four rows of W share each block's activations,
// their dots are reduced to one lane each and scaled by the four f16 scales in one vector
// (ggml's ggml_vec_dot_q4_0_q8_0 / q8_0_q8_0 are the reference for the arithmetic).

/**
 * Copies m·k activations from quantizeActivations' order (32 i16 per block) to `out`: per
 * block values 0, 2, …, 14, then 1, 3, …, 15, then 16, …, 30 and 17, …, 31. After them, one
 * i32 per block: 8·Σq, q4_0's offset (its codes are q − 8).
 */
function evenOdd(xq: usize, m: i32, k: i32, out: usize): void {
  const blocks = (<usize>m * <usize>k) >> 5;
  const offsets = out + (blocks << 6);
  const ones = i16x8.splat(1);
  for (let b: usize = 0; b < blocks; b++) {
    const p = xq + (b << 6);
    const v0 = v128.load(p);
    const v1 = v128.load(p, 16);
    const v2 = v128.load(p, 32);
    const v3 = v128.load(p, 48);
    const o = out + (b << 6);
    v128.store(o, v128.shuffle<i16>(v0, v1, 0, 2, 4, 6, 8, 10, 12, 14));
    v128.store(o, v128.shuffle<i16>(v0, v1, 1, 3, 5, 7, 9, 11, 13, 15), 16);
    v128.store(o, v128.shuffle<i16>(v2, v3, 0, 2, 4, 6, 8, 10, 12, 14), 32);
    v128.store(o, v128.shuffle<i16>(v2, v3, 1, 3, 5, 7, 9, 11, 13, 15), 48);
    const sum = i32x4.add(
      i32x4.add(i32x4.dot_i16x8_s(v0, ones), i32x4.dot_i16x8_s(v1, ones)),
      i32x4.add(i32x4.dot_i16x8_s(v2, ones), i32x4.dot_i16x8_s(v3, ones)),
    );
    const total = i32x4.extract_lane(sum, 0) + i32x4.extract_lane(sum, 1) + i32x4.extract_lane(sum, 2) + i32x4.extract_lane(sum, 3);
    store<i32>(offsets + (b << 2), total << 3);
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

/** The f16 scales at a, b, c and d as four f32 lanes (exact). */
// @ts-ignore: decorator
@inline
function scales4(a: usize, b: usize, c: usize, d: usize, exponent: v128, mask: v128, infinity: v128, power: v128): v128 {
  let t = i32x4.splat(0);
  t = v128.load16_lane(a, t, 1);
  t = v128.load16_lane(b, t, 3);
  t = v128.load16_lane(c, t, 5);
  t = v128.load16_lane(d, t, 7);
  const special = i32x4.eq(v128.and(t, exponent), exponent);
  const finite = f32x4.mul(v128.and(i32x4.shr_s(t, 3), mask), power);
  return v128.or(finite, v128.and(special, infinity));
}

/**
 * The i32 lanes of Σ q·x for the block at `at` against even/odd activations x0…x3: q4_0's
 * codes q unsigned (the caller subtracts 8·Σx), q8_0's signed.
 */
// @ts-ignore: decorator
@inline
function blockDot(at: usize, x0: v128, x1: v128, x2: v128, x3: v128, low: v128, four: bool): v128 {
  if (four) {
    // i16 lane l holds bytes 2l and 2l+1: values 2l (low nibble), 2l+16, 2l+1 and 2l+17.
    const q = v128.load(at, 2);
    const a = i32x4.add(i32x4.dot_i16x8_s(v128.and(q, low), x0), i32x4.dot_i16x8_s(v128.and(i16x8.shr_u(q, 8), low), x1));
    const b = i32x4.add(i32x4.dot_i16x8_s(v128.and(i16x8.shr_u(q, 4), low), x2), i32x4.dot_i16x8_s(i16x8.shr_u(q, 12), x3));
    return i32x4.add(a, b);
  }
  const lo = v128.load(at, 2);
  const hi = v128.load(at, 18);
  const a = i32x4.add(i32x4.dot_i16x8_s(i16x8.shr_s(i16x8.shl(lo, 8), 8), x0), i32x4.dot_i16x8_s(i16x8.shr_s(lo, 8), x1));
  const b = i32x4.add(i32x4.dot_i16x8_s(i16x8.shr_s(i16x8.shl(hi, 8), 8), x2), i32x4.dot_i16x8_s(i16x8.shr_s(hi, 8), x3));
  return i32x4.add(a, b);
}

/**
 * y [m, n] for W in q4_0 (`four`: blocks { f16 d; u8 qs[16] }, (q − 8)·d, byte j holding
 * values j and j+16) or q8_0 ({ f16 d; i8 qs[32] }); `scratch` holds m·k·17/8 + 144 bytes.
 * Rows go four at a time; a last group of fewer repeats the final row in the spare lanes and
 * stores only its own. Every row's lane sees the same operations wherever it falls, so any
 * split of the rows gives the same bits.
 */
// @ts-ignore: decorator
@inline
function gemvBlock32(xq: usize, xd: usize, w: usize, y: usize, m: i32, n: i32, k: i32, scratch: usize, four: bool): void {
  evenOdd(xq, m, k, scratch);
  // Constants go through memory so that V8 keeps them in registers instead of rebuilding
  // each one (three instructions) on every use inside the loop.
  const dots = scratch + ((<usize>m * <usize>k * 17) >> 3);
  const constants = dots + 64;
  v128.store(constants, i16x8.splat(15));
  v128.store(constants, i32x4.splat(0x7c000000), 16);
  v128.store(constants, i32x4.splat(0x8fffe000), 32);
  v128.store(constants, i32x4.splat(0x7f800000), 48);
  v128.store(constants, f32x4.splat(reinterpret<f32>(0x77800000)), 64);
  const low = v128.load(constants);
  const exponent = v128.load(constants, 16);
  const mask = v128.load(constants, 32);
  const infinity = v128.load(constants, 48);
  const power = v128.load(constants, 64);
  const bytes: usize = four ? 18 : 34;
  const blocks = <usize>(k >> 5);
  const rowBytes = blocks * bytes;
  const last = <usize>n - 1;
  for (let i: usize = 0; i < <usize>m; i++) {
    const xRow = scratch + i * blocks * 64;
    const dRow = xd + i * blocks * 4;
    const oRow = scratch + ((<usize>m * blocks) << 6) + i * blocks * 4;
    for (let j: usize = 0; j < <usize>n; j += 4) {
      let p0 = w + j * rowBytes;
      let p1 = w + min(j + 1, last) * rowBytes;
      let p2 = w + min(j + 2, last) * rowBytes;
      let p3 = w + min(j + 3, last) * rowBytes;
      let acc = f32x4.splat(0);
      for (let b: usize = 0; b < blocks; b++) {
        const xp = xRow + (b << 6);
        const x0 = v128.load(xp);
        const x1 = v128.load(xp, 16);
        const x2 = v128.load(xp, 32);
        const x3 = v128.load(xp, 48);
        // Stored one by one: V8 would otherwise interleave the four rows' work and spill.
        v128.store(dots, blockDot(p0, x0, x1, x2, x3, low, four));
        v128.store(dots, blockDot(p1, x0, x1, x2, x3, low, four), 16);
        v128.store(dots, blockDot(p2, x0, x1, x2, x3, low, four), 32);
        v128.store(dots, blockDot(p3, x0, x1, x2, x3, low, four), 48);
        let sums = laneSums(v128.load(dots), v128.load(dots, 16), v128.load(dots, 32), v128.load(dots, 48));
        if (four) sums = i32x4.sub(sums, v128.load32_splat(oRow + (b << 2)));
        const d = f32x4.mul(scales4(p0, p1, p2, p3, exponent, mask, infinity, power), v128.load32_splat(dRow + (b << 2)));
        acc = f32x4.add(acc, f32x4.mul(f32x4.convert_i32x4_s(sums), d));
        p0 += bytes;
        p1 += bytes;
        p2 += bytes;
        p3 += bytes;
      }
      const out = y + ((i * <usize>n + j) << 2);
      if (j + 4 <= <usize>n) {
        v128.store(out, acc);
      } else {
        store<f32>(out, f32x4.extract_lane(acc, 0));
        if (j + 1 < <usize>n) store<f32>(out, f32x4.extract_lane(acc, 1), 4);
        if (j + 2 < <usize>n) store<f32>(out, f32x4.extract_lane(acc, 2), 8);
      }
    }
  }
}

/** W in q8_0 blocks { f16 d; i8 qs[32] }; `scratch`: m·k·17/8 + 144 bytes. */
export function gemvQ8_0(xq: usize, xd: usize, w: usize, y: usize, m: i32, n: i32, k: i32, scratch: usize): void {
  gemvBlock32(xq, xd, w, y, m, n, k, scratch, false);
}

/** W in q4_0 blocks { f16 d; u8 qs[16] }; `scratch`: m·k·17/8 + 144 bytes. */
export function gemvQ4_0(xq: usize, xd: usize, w: usize, y: usize, m: i32, n: i32, k: i32, scratch: usize): void {
  gemvBlock32(xq, xd, w, y, m, n, k, scratch, true);
}
