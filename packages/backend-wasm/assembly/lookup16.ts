// 16-entry f32 table lookups for 4-bit codes, 16 codes per step: the table split into four byte
// planes (byte k of every entry), one i8x16.swizzle per plane, the bytes interleaved back into
// f32 lanes. Used by the FP4/INT4 table decode, MXFP4 and NVFP4.

/** Plane `k` (0–3) of the 16 f32 entries at `table`: byte k of entry c at lane c. */
export function plane(table: usize, k: i32): v128 {
  const t0 = v128.load(table), t1 = v128.load(table, 16), t2 = v128.load(table, 32), t3 = v128.load(table, 48);
  // Bytes k and k+1 (k even) of entries 0–7 (x) and 8–15 (y), 8 lanes each.
  const x = k < 2
    ? v128.shuffle<u8>(t0, t1, 0, 4, 8, 12, 16, 20, 24, 28, 1, 5, 9, 13, 17, 21, 25, 29)
    : v128.shuffle<u8>(t0, t1, 2, 6, 10, 14, 18, 22, 26, 30, 3, 7, 11, 15, 19, 23, 27, 31);
  const y = k < 2
    ? v128.shuffle<u8>(t2, t3, 0, 4, 8, 12, 16, 20, 24, 28, 1, 5, 9, 13, 17, 21, 25, 29)
    : v128.shuffle<u8>(t2, t3, 2, 6, 10, 14, 18, 22, 26, 30, 3, 7, 11, 15, 19, 23, 27, 31);
  return (k & 1) == 0
    ? v128.shuffle<u8>(x, y, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23)
    : v128.shuffle<u8>(x, y, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31);
}

/**
 * table[codes[i]] · scale for the 16 codes (0–15, one per byte lane) of `codes`, stored as 16
 * f32 at `dst` (the table's values as they are if `unscaled`), the table given as its planes
 * p0–p3 (`plane`); NaN results as the canonical quiet NaN.
 */
// @ts-ignore: decorator
@inline
export function lookup16(p0: v128, p1: v128, p2: v128, p3: v128, codes: v128, scale: v128, dst: usize, unscaled: bool = false): void {
  const b0 = i8x16.swizzle(p0, codes), b1 = i8x16.swizzle(p1, codes);
  const b2 = i8x16.swizzle(p2, codes), b3 = i8x16.swizzle(p3, codes);
  const lo01 = v128.shuffle<u8>(b0, b1, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const lo23 = v128.shuffle<u8>(b2, b3, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const hi01 = v128.shuffle<u8>(b0, b1, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
  const hi23 = v128.shuffle<u8>(b2, b3, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
  scaled(v128.shuffle<u8>(lo01, lo23, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23), scale, dst, unscaled);
  scaled(v128.shuffle<u8>(lo01, lo23, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31), scale, dst + 16, unscaled);
  scaled(v128.shuffle<u8>(hi01, hi23, 0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23), scale, dst + 32, unscaled);
  scaled(v128.shuffle<u8>(hi01, hi23, 8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31), scale, dst + 48, unscaled);
}

/** v · scale at `dst`, NaN lanes canonical; `v` as it is if `unscaled` (a table's own values). */
// @ts-ignore: decorator
@inline
export function scaled(v: v128, scale: v128, dst: usize, unscaled: bool = false): void {
  if (unscaled) {
    v128.store(dst, v);
    return;
  }
  const p = f32x4.mul(v, scale);
  v128.store(dst, v128.bitselect(i32x4.splat(0x7fc00000), p, f32x4.ne(p, p)));
}

/** The first 16 of the 32 nibbles of `bytes` in stream order (byte i: low, then high). */
// @ts-ignore: decorator
@inline
export function nibblesLow(bytes: v128): v128 {
  const lo = v128.and(bytes, i8x16.splat(15));
  const hi = i8x16.shr_u(bytes, 4);
  return v128.shuffle<u8>(lo, hi, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
}

/** The second half of `nibblesLow`'s order: the nibbles of bytes 8–15. */
// @ts-ignore: decorator
@inline
export function nibblesHigh(bytes: v128): v128 {
  const lo = v128.and(bytes, i8x16.splat(15));
  const hi = i8x16.shr_u(bytes, 4);
  return v128.shuffle<u8>(lo, hi, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
}
