// Fused GEMVs over codes whose values are small integers times one constant: int2…int8 and
// uint2…uint8 (the code itself, two's complement or unsigned), fp4_e2m1 (×2), fp6_e2m3 (×8),
// fp6_e3m2 (×16) and integer lookup tables, as scalar rows or as MX blocks (E8M0 scale, 32 codes:
// mxint8, mxfp6_*). Codes are a little-endian bit stream, so 16 codes of `bits` bits fill 2·bits
// bytes. They become i16 lanes by a byte swizzle, a multiply (left shift per lane) and a right
// shift; table formats then look the value up with i8x16.swizzle (16 entries each, OR-ed over
// the table's quarters; a second table holds the high bytes where values pass ±127). The i16
// values are dotted with the int8-per-32 activations (gemv.ts quantizeActivations, ggml's
// vec_dot_type q8) exactly in i32; each block's sum is scaled in f32 by its activation scale
// (and E8M0 scale), each row's total by the format's constant. Four rows share each block's
// activation loads; every row's lanes see the same operations wherever it falls, so any split of
// the rows over threads gives the same bits.
import { unpackBytes, unpackShifts } from './gemv-table';
import { nibblesHigh, nibblesLow } from './lookup16';
import { e8m0, hsum } from './scalars';

/** How codes become values: the code as two's complement, unsigned, or an i8 / i16 table. */
const SIGNED = 0;
const UNSIGNED = 1;
const TABLE = 2;
const WIDE_TABLE = 3;

/** The last `count` (< 16) bytes of W from p, zero-padded: no load at or past W's end. */
function tailBytes(p: usize, count: usize): v128 {
  let lo: u64 = 0;
  let hi: u64 = 0;
  for (let t: usize = 0; t < count; t++) {
    const b = <u64>load<u8>(p + t);
    if (t < 8) lo |= b << (<u64>t << 3);
    else hi |= b << (<u64>(t - 8) << 3);
  }
  return i64x2.replace_lane(i64x2.splat(lo), 1, hi);
}

/** The bytes holding 16 codes at p (2·bits of them; 16 are read where W goes on that far). */
// @ts-ignore: decorator
@inline
function codeBytes(p: usize, bits: u32, end: usize): v128 {
  return p + 16 <= end ? v128.load(p) : tailBytes(p, <usize>bits << 1);
}

/**
 * table[code] per byte lane for codes < 16·quarters (1, 2 or 4): one swizzle per 16 entries,
 * codes XOR 16·q selecting quarter q (the others leave an index ≥ 16, which reads 0). The XOR
 * masks follow the 64 entries (bytes 64…111): V8 would rebuild a constant at each use.
 */
// @ts-ignore: decorator
@inline
function lookup(codes: v128, table: usize, quarters: u32): v128 {
  let r = i8x16.swizzle(v128.load(table), codes);
  if (quarters >= 2) r = v128.or(r, i8x16.swizzle(v128.load(table, 16), v128.xor(codes, v128.load(table, 64))));
  if (quarters == 4) {
    r = v128.or(r, i8x16.swizzle(v128.load(table, 32), v128.xor(codes, v128.load(table, 80))));
    r = v128.or(r, i8x16.swizzle(v128.load(table, 48), v128.xor(codes, v128.load(table, 96))));
  }
  return r;
}

/**
 * Σ value·x over 16 codes of `bits` bits (one per byte lane, zero-extended) against 16
 * activations at xp, as i32 lanes.
 */
// @ts-ignore: decorator
@inline
function codesDot(codes: v128, xp: usize, bits: u32, mode: i32, lo: usize, hi: usize, quarters: u32): v128 {
  let v0: v128, v1: v128;
  if (mode == SIGNED) {
    // Two's complement of `bits` bits in i8 lanes: (c ^ h) − h with h = 2^(bits − 1).
    const half = i8x16.splat(<i8>(<i32>1 << <i32>(bits - 1)));
    const values = i8x16.sub(v128.xor(codes, half), half);
    v0 = i16x8.extend_low_i8x16_s(values);
    v1 = i16x8.extend_high_i8x16_s(values);
  } else if (mode == UNSIGNED) {
    v0 = i16x8.extend_low_i8x16_u(codes);
    v1 = i16x8.extend_high_i8x16_u(codes);
  } else if (mode == TABLE) {
    const low = lookup(codes, lo, quarters);
    v0 = i16x8.extend_low_i8x16_s(low);
    v1 = i16x8.extend_high_i8x16_s(low);
  } else {
    const low = lookup(codes, lo, quarters);
    const high = lookup(codes, hi, quarters);
    v0 = v128.shuffle<u8>(low, high, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    v1 = v128.shuffle<u8>(low, high, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
  }
  return i32x4.add(i32x4.dot_i16x8_s(v0, v128.load(xp)), i32x4.dot_i16x8_s(v1, v128.load(xp, 16)));
}

/**
 * Σ value·x over 16 codes (bytes `q`) against 16 activations at xp, as i32 lanes. The plan:
 * `bytes` and `shifts` unpack codes 0–7; `bytes2` (`bits` more) codes 8–15.
 */
// @ts-ignore: decorator
@inline
function dot16(q: v128, xp: usize, bytes: v128, bytes2: v128, shifts: v128, bits: u32, mode: i32, lo: usize, hi: usize, quarters: u32): v128 {
  const a = i16x8.mul(i8x16.swizzle(q, bytes), shifts);
  const b = i16x8.mul(i8x16.swizzle(q, bytes2), shifts);
  let v0: v128, v1: v128;
  if (mode == SIGNED) {
    v0 = i16x8.shr_s(a, 16 - bits);
    v1 = i16x8.shr_s(b, 16 - bits);
  } else if (mode == UNSIGNED) {
    v0 = i16x8.shr_u(a, 16 - bits);
    v1 = i16x8.shr_u(b, 16 - bits);
  } else {
    const codes = i8x16.narrow_i16x8_u(i16x8.shr_u(a, 16 - bits), i16x8.shr_u(b, 16 - bits));
    return codesDot(codes, xp, bits, mode, lo, hi, quarters);
  }
  return i32x4.add(i32x4.dot_i16x8_s(v0, v128.load(xp)), i32x4.dot_i16x8_s(v1, v128.load(xp, 16)));
}

/** acc + d·Σ value·x over the 32 codes of one block at p (activations at xp). */
// @ts-ignore: decorator
@inline
function block32(acc: v128, p: usize, end: usize, xp: usize, d: f32, bytes: v128, bytes2: v128, shifts: v128, bits: u32, mode: i32, lo: usize, hi: usize, quarters: u32): v128 {
  let first: v128, second: v128;
  if (bits == 8) {
    // A block's 32 bytes are its codes (never past W's end).
    first = codesDot(v128.load(p), xp, 8, mode, lo, hi, 1);
    second = codesDot(v128.load(p, 16), xp + 32, 8, mode, lo, hi, 1);
  } else if (bits == 4) {
    // A block's 16 bytes (never past W's end): nibbles by mask and shift, no unpack plan.
    const q = v128.load(p);
    first = codesDot(nibblesLow(q), xp, 4, mode, lo, hi, 1);
    second = codesDot(nibblesHigh(q), xp + 32, 4, mode, lo, hi, 1);
  } else {
    first = dot16(codeBytes(p, bits, end), xp, bytes, bytes2, shifts, bits, mode, lo, hi, quarters);
    second = dot16(codeBytes(p + (<usize>bits << 1), bits, end), xp + 32, bytes, bytes2, shifts, bits, mode, lo, hi, quarters);
  }
  return f32x4.add(acc, f32x4.mul(f32x4.convert_i32x4_s(i32x4.add(first, second)), f32x4.splat(d)));
}

/** gemvIntCodes' loops for one `mode` and table size (constants after inlining). */
// @ts-ignore: decorator
@inline
function rows(
  xq: usize, xd: usize, w: usize, y: usize, m: i32, n: i32, k: i32,
  rowBytes: i32, width: u32, mode: i32, lo: usize, hi: usize, scale: f32, mx: bool, quarters: u32,
): void {
  const blocks = <usize>(k >> 5);
  const stride: usize = (<usize>width << 2) + (mx ? 1 : 0);
  const head: usize = mx ? 1 : 0;
  const end = w + <usize>n * <usize>rowBytes;
  const last = <usize>n - 1;
  const bytes = unpackBytes(width);
  const bytes2 = i8x16.add(bytes, i8x16.splat(<i8>width));
  const shifts = unpackShifts(width);
  for (let i: usize = 0; i < <usize>m; i++) {
    const xRow = xq + i * blocks * 64;
    const dRow = xd + i * blocks * 4;
    for (let j: usize = 0; j < <usize>n; j += 4) {
      let p0 = w + j * <usize>rowBytes;
      let p1 = w + min(j + 1, last) * <usize>rowBytes;
      let p2 = w + min(j + 2, last) * <usize>rowBytes;
      let p3 = w + min(j + 3, last) * <usize>rowBytes;
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let a2 = f32x4.splat(0);
      let a3 = f32x4.splat(0);
      for (let b: usize = 0; b < blocks; b++) {
        const xp = xRow + (b << 6);
        const d = load<f32>(dRow + (b << 2));
        const d0 = mx ? d * e8m0(<u32>load<u8>(p0)) : d;
        const d1 = mx ? d * e8m0(<u32>load<u8>(p1)) : d;
        const d2 = mx ? d * e8m0(<u32>load<u8>(p2)) : d;
        const d3 = mx ? d * e8m0(<u32>load<u8>(p3)) : d;
        a0 = block32(a0, p0 + head, end, xp, d0, bytes, bytes2, shifts, width, mode, lo, hi, quarters);
        a1 = block32(a1, p1 + head, end, xp, d1, bytes, bytes2, shifts, width, mode, lo, hi, quarters);
        a2 = block32(a2, p2 + head, end, xp, d2, bytes, bytes2, shifts, width, mode, lo, hi, quarters);
        a3 = block32(a3, p3 + head, end, xp, d3, bytes, bytes2, shifts, width, mode, lo, hi, quarters);
        p0 += stride;
        p1 += stride;
        p2 += stride;
        p3 += stride;
      }
      const out = y + ((i * <usize>n + j) << 2);
      store<f32>(out, hsum(a0) * scale);
      if (j + 1 < <usize>n) store<f32>(out, hsum(a1) * scale, 4);
      if (j + 2 < <usize>n) store<f32>(out, hsum(a2) * scale, 8);
      if (j + 3 < <usize>n) store<f32>(out, hsum(a3) * scale, 12);
    }
  }
}

/**
 * y [m, n] = scale · x·Wᵀ for W's n rows of `rowBytes`: k codes of `bits` (≤ 8) bits each, or
 * (`mx`) blocks of an E8M0 byte then 32 codes. `mode` says how codes become values (SIGNED,
 * UNSIGNED, TABLE, WIDE_TABLE), `lo` / `hi` the tables' low and high bytes (112 each: 64
 * entries, then lookup's XOR masks). xq, xd: quantizeActivations' int8 codes (as i16) and scales per 32.
 */
export function gemvIntCodes(
  xq: usize, xd: usize, w: usize, y: usize, m: i32, n: i32, k: i32,
  rowBytes: i32, bits: i32, mode: i32, lo: usize, hi: usize, scale: f32, mx: bool,
): void {
  const b = <u32>bits;
  const quarters = b <= 4 ? 1 : 1 << (b - 4);
  if (mode == SIGNED) rows(xq, xd, w, y, m, n, k, rowBytes, b, SIGNED, lo, hi, scale, mx, 1);
  else if (mode == UNSIGNED) rows(xq, xd, w, y, m, n, k, rowBytes, b, UNSIGNED, lo, hi, scale, mx, 1);
  else if (mode == TABLE && quarters == 1) rows(xq, xd, w, y, m, n, k, rowBytes, b, TABLE, lo, hi, scale, mx, 1);
  else if (mode == TABLE && quarters == 2) rows(xq, xd, w, y, m, n, k, rowBytes, b, TABLE, lo, hi, scale, mx, 2);
  else if (mode == TABLE) rows(xq, xd, w, y, m, n, k, rowBytes, b, TABLE, lo, hi, scale, mx, 4);
  else if (quarters == 1) rows(xq, xd, w, y, m, n, k, rowBytes, b, WIDE_TABLE, lo, hi, scale, mx, 1);
  else if (quarters == 2) rows(xq, xd, w, y, m, n, k, rowBytes, b, WIDE_TABLE, lo, hi, scale, mx, 2);
  else rows(xq, xd, w, y, m, n, k, rowBytes, b, WIDE_TABLE, lo, hi, scale, mx, 4);
}
