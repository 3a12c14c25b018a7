// Fused GEMVs for one row of activations over table-decoded codes (scalar formats of ≤ 8 or 16
// bits, and MX blocks with a bit stream of codes): each 8 codes are looked up in the format's
// value table straight into f32x4 lanes and multiplied with x, with no decoded row written to
// scratch. gemvDecoded (gemv-decoded.ts) takes this path for m = 1; MX block scales (powers of
// two) multiply each block's sum once. Byte and u16 codes go four rows per pass (independent
// sums on shared activation loads); 4-bit codes go 16 at a time through lookup16.ts's swizzles
// (32 values staged in 128 bytes of scratch). Codes are a little-endian bit stream, so 8 codes of `bits`
// bits fill exactly `bits` bytes. Integer-valued formats take gemv-int-codes.ts instead.
import { lookup16, nibblesHigh, nibblesLow, plane } from './lookup16';
import { e8m0, hsum } from './scalars';

/** `bits` bytes at p as a u64 without reading at or past `end` (the last bytes of W). */
// @ts-ignore: decorator
@inline
function codeWord(p: usize, bits: usize, end: usize): u64 {
  if (p + 8 <= end) return load<u64>(p);
  let word: u64 = 0;
  for (let t: usize = 0; t < bits; t++) word |= <u64>load<u8>(p + t) << (<u64>t << 3);
  return word;
}

// @ts-ignore: decorator
@inline
function byteOf(j: u32, bits: u32): i8 {
  return <i8>((j * bits) >> 3);
}

// @ts-ignore: decorator
@inline
function shiftOf(j: u32, bits: u32): i16 {
  return <i16>(<u32>1 << (16 - bits - ((j * bits) & 7)));
}

/**
 * Swizzle indices placing, in i16 lane j, the two bytes that hold code j of 8 `bits`-bit codes
 * (bytes (j·bits) >> 3 and the next).
 */
export function unpackBytes(bits: u32): v128 {
  let v = i8x16.splat(0);
  v = i8x16.replace_lane(v, 0, byteOf(0, bits)); v = i8x16.replace_lane(v, 1, byteOf(0, bits) + 1);
  v = i8x16.replace_lane(v, 2, byteOf(1, bits)); v = i8x16.replace_lane(v, 3, byteOf(1, bits) + 1);
  v = i8x16.replace_lane(v, 4, byteOf(2, bits)); v = i8x16.replace_lane(v, 5, byteOf(2, bits) + 1);
  v = i8x16.replace_lane(v, 6, byteOf(3, bits)); v = i8x16.replace_lane(v, 7, byteOf(3, bits) + 1);
  v = i8x16.replace_lane(v, 8, byteOf(4, bits)); v = i8x16.replace_lane(v, 9, byteOf(4, bits) + 1);
  v = i8x16.replace_lane(v, 10, byteOf(5, bits)); v = i8x16.replace_lane(v, 11, byteOf(5, bits) + 1);
  v = i8x16.replace_lane(v, 12, byteOf(6, bits)); v = i8x16.replace_lane(v, 13, byteOf(6, bits) + 1);
  v = i8x16.replace_lane(v, 14, byteOf(7, bits)); v = i8x16.replace_lane(v, 15, byteOf(7, bits) + 1);
  return v;
}

/**
 * Per-lane multipliers (left shifts) that move code j's top bit to bit 15 of its i16 lane, so a
 * logical shift right by 16 − bits leaves the code: 2^(16 − bits − (j·bits & 7)).
 */
export function unpackShifts(bits: u32): v128 {
  let v = i16x8.splat(0);
  v = i16x8.replace_lane(v, 0, shiftOf(0, bits)); v = i16x8.replace_lane(v, 1, shiftOf(1, bits));
  v = i16x8.replace_lane(v, 2, shiftOf(2, bits)); v = i16x8.replace_lane(v, 3, shiftOf(3, bits));
  v = i16x8.replace_lane(v, 4, shiftOf(4, bits)); v = i16x8.replace_lane(v, 5, shiftOf(5, bits));
  v = i16x8.replace_lane(v, 6, shiftOf(6, bits)); v = i16x8.replace_lane(v, 7, shiftOf(7, bits));
  return v;
}

/** 8 codes of `bits` (≤ 8) bits from `word` as i16 lanes (the caller's unpack plan). */
// @ts-ignore: decorator
@inline
function unpack(word: u64, bytes: v128, shifts: v128, bits: u32): v128 {
  return i16x8.shr_u(i16x8.mul(i8x16.swizzle(i64x2.splat(word), bytes), shifts), 16 - bits);
}

/** table[lane] of i32 byte offsets `at`. */
// @ts-ignore: decorator
@inline
function gather(at: v128, table: usize): v128 {
  let v = f32x4.splat(load<f32>(table + <usize>i32x4.extract_lane(at, 0)));
  v = f32x4.replace_lane(v, 1, load<f32>(table + <usize>i32x4.extract_lane(at, 1)));
  v = f32x4.replace_lane(v, 2, load<f32>(table + <usize>i32x4.extract_lane(at, 2)));
  return f32x4.replace_lane(v, 3, load<f32>(table + <usize>i32x4.extract_lane(at, 3)));
}

/** acc + Σ table[code_j]·x_j over 8 codes in i16 lanes. */
// @ts-ignore: decorator
@inline
function eight(codes: v128, table: usize, xp: usize, acc: v128): v128 {
  const lo = gather(i32x4.shl(i32x4.extend_low_i16x8_u(codes), 2), table);
  const hi = gather(i32x4.shl(i32x4.extend_high_i16x8_u(codes), 2), table);
  return f32x4.add(acc, f32x4.add(f32x4.mul(lo, v128.load(xp)), f32x4.mul(hi, v128.load(xp, 16))));
}

/** acc + Σ table[code_j]·x_j over 8 byte codes at p (scalar loads: cheaper than lane extracts). */
// @ts-ignore: decorator
@inline
function eightBytes(p: usize, table: usize, xp: usize, acc: v128): v128 {
  let lo = f32x4.splat(load<f32>(table + (<usize>load<u8>(p) << 2)));
  lo = f32x4.replace_lane(lo, 1, load<f32>(table + (<usize>load<u8>(p, 1) << 2)));
  lo = f32x4.replace_lane(lo, 2, load<f32>(table + (<usize>load<u8>(p, 2) << 2)));
  lo = f32x4.replace_lane(lo, 3, load<f32>(table + (<usize>load<u8>(p, 3) << 2)));
  let hi = f32x4.splat(load<f32>(table + (<usize>load<u8>(p, 4) << 2)));
  hi = f32x4.replace_lane(hi, 1, load<f32>(table + (<usize>load<u8>(p, 5) << 2)));
  hi = f32x4.replace_lane(hi, 2, load<f32>(table + (<usize>load<u8>(p, 6) << 2)));
  hi = f32x4.replace_lane(hi, 3, load<f32>(table + (<usize>load<u8>(p, 7) << 2)));
  return f32x4.add(acc, f32x4.add(f32x4.mul(lo, v128.load(xp)), f32x4.mul(hi, v128.load(xp, 16))));
}

/** acc + Σ table[code_j]·x_j over 8 u16 codes at p. */
// @ts-ignore: decorator
@inline
function eightHalves(p: usize, table: usize, xp: usize, acc: v128): v128 {
  let lo = f32x4.splat(load<f32>(table + (<usize>load<u16>(p) << 2)));
  lo = f32x4.replace_lane(lo, 1, load<f32>(table + (<usize>load<u16>(p, 2) << 2)));
  lo = f32x4.replace_lane(lo, 2, load<f32>(table + (<usize>load<u16>(p, 4) << 2)));
  lo = f32x4.replace_lane(lo, 3, load<f32>(table + (<usize>load<u16>(p, 6) << 2)));
  let hi = f32x4.splat(load<f32>(table + (<usize>load<u16>(p, 8) << 2)));
  hi = f32x4.replace_lane(hi, 1, load<f32>(table + (<usize>load<u16>(p, 10) << 2)));
  hi = f32x4.replace_lane(hi, 2, load<f32>(table + (<usize>load<u16>(p, 12) << 2)));
  hi = f32x4.replace_lane(hi, 3, load<f32>(table + (<usize>load<u16>(p, 14) << 2)));
  return f32x4.add(acc, f32x4.add(f32x4.mul(lo, v128.load(xp)), f32x4.mul(hi, v128.load(xp, 16))));
}

/** eightBytes or (`wide`) eightHalves. */
// @ts-ignore: decorator
@inline
function eightCodes(p: usize, table: usize, xp: usize, acc: v128, wide: bool): v128 {
  return wide ? eightHalves(p, table, xp, acc) : eightBytes(p, table, xp, acc);
}

/** y[j] = Σ table[W[j, i]]·x[i]: n rows of k scalar codes of `bits` (< 8) bits. */
function gemvCodes(x: usize, w: usize, rowBytes: usize, y: usize, n: i32, k: i32, bits: u32, table: usize): void {
  const end = w + <usize>n * rowBytes;
  const bytes = unpackBytes(bits), shifts = unpackShifts(bits);
  for (let j: usize = 0; j < <usize>n; j++) {
    let p = w + j * rowBytes;
    let acc = f32x4.splat(0);
    for (let i: usize = 0; i < <usize>k; i += 8) {
      const xp = x + (i << 2);
      acc = eight(unpack(codeWord(p, <usize>bits, end), bytes, shifts, bits), table, xp, acc);
      p += <usize>bits;
    }
    store<f32>(y + (j << 2), hsum(acc));
  }
}

/** y[j] = Σ over MX blocks (E8M0 scale, 32 codes of `bits` bits): scale · Σ table[code]·x. */
function gemvMxCodes(x: usize, w: usize, rowBytes: usize, y: usize, n: i32, k: i32, bits: u32, table: usize): void {
  const blockBytes = <usize>(1 + 4 * bits);
  const end = w + <usize>n * rowBytes;
  const bytes = unpackBytes(bits), shifts = unpackShifts(bits);
  for (let j: usize = 0; j < <usize>n; j++) {
    const row = w + j * rowBytes;
    let acc = f32x4.splat(0);
    for (let b: usize = 0; b < <usize>(k >> 5); b++) {
      const at = row + b * blockBytes;
      let block = f32x4.splat(0);
      for (let g: usize = 0; g < 4; g++) {
        const p = at + 1 + g * <usize>bits;
        const xp = x + ((b << 7) + (g << 5));
        block = eight(unpack(codeWord(p, <usize>bits, end), bytes, shifts, bits), table, xp, block);
      }
      acc = f32x4.add(acc, f32x4.mul(block, f32x4.splat(e8m0(<u32>load<u8>(at)))));
    }
    store<f32>(y + (j << 2), hsum(acc));
  }
}

/**
 * y[j] = Σ table[W[j, i]]·x[i] for byte codes (u16 codes if `wide`), scalar rows or (`mx`) MX
 * blocks of an E8M0 byte and 32 byte codes, four rows at a time: four independent sums on shared activation loads (a last
 * group of fewer repeats the final row and stores only its own). Each row's lanes see the same
 * operations wherever it falls, so any split of the rows gives the same bits.
 */
// @ts-ignore: decorator
@inline
function gemvBytes(x: usize, w: usize, rowBytes: usize, y: usize, n: i32, k: i32, table: usize, mx: bool, wide: bool): void {
  const head: usize = mx ? 1 : 0;
  const code: usize = wide ? 2 : 1;
  const stride: usize = (code << 5) + head;
  const last = <usize>n - 1;
  for (let j: usize = 0; j < <usize>n; j += 4) {
    let p0 = w + j * rowBytes + head;
    let p1 = w + min(j + 1, last) * rowBytes + head;
    let p2 = w + min(j + 2, last) * rowBytes + head;
    let p3 = w + min(j + 3, last) * rowBytes + head;
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    for (let b: usize = 0; b < <usize>(k >> 5); b++) {
      let s0 = f32x4.splat(0);
      let s1 = f32x4.splat(0);
      let s2 = f32x4.splat(0);
      let s3 = f32x4.splat(0);
      for (let g: usize = 0; g < 32; g += 8) {
        const xp = x + (b << 7) + (g << 2);
        s0 = eightCodes(p0 + g * code, table, xp, s0, wide);
        s1 = eightCodes(p1 + g * code, table, xp, s1, wide);
        s2 = eightCodes(p2 + g * code, table, xp, s2, wide);
        s3 = eightCodes(p3 + g * code, table, xp, s3, wide);
      }
      if (mx) {
        s0 = f32x4.mul(s0, f32x4.splat(e8m0(<u32>load<u8>(p0 - 1))));
        s1 = f32x4.mul(s1, f32x4.splat(e8m0(<u32>load<u8>(p1 - 1))));
        s2 = f32x4.mul(s2, f32x4.splat(e8m0(<u32>load<u8>(p2 - 1))));
        s3 = f32x4.mul(s3, f32x4.splat(e8m0(<u32>load<u8>(p3 - 1))));
      }
      a0 = f32x4.add(a0, s0);
      a1 = f32x4.add(a1, s1);
      a2 = f32x4.add(a2, s2);
      a3 = f32x4.add(a3, s3);
      p0 += stride;
      p1 += stride;
      p2 += stride;
      p3 += stride;
    }
    const out = y + (j << 2);
    store<f32>(out, hsum(a0));
    if (j + 1 < <usize>n) store<f32>(out, hsum(a1), 4);
    if (j + 2 < <usize>n) store<f32>(out, hsum(a2), 8);
    if (j + 3 < <usize>n) store<f32>(out, hsum(a3), 12);
  }
}

/**
 * y[j] = Σ table[W[j, i]]·x[i] for 4-bit codes (a nibble stream, low nibble first): 16 codes per
 * step through lookup16 (four swizzles on the table's byte planes) into 64 bytes at `values`.
 */
function gemvNibbles(x: usize, w: usize, rowBytes: usize, y: usize, n: i32, k: i32, table: usize, values: usize): void {
  const p0 = plane(table, 0), p1 = plane(table, 1), p2 = plane(table, 2), p3 = plane(table, 3);
  const one = f32x4.splat(1);
  for (let j: usize = 0; j < <usize>n; j++) {
    const row = w + j * rowBytes;
    let acc = f32x4.splat(0);
    for (let i: usize = 0; i < <usize>k; i += 32) {
      const q = v128.load(row + (i >> 1));
      const xp = x + (i << 2);
      lookup16(p0, p1, p2, p3, nibblesLow(q), one, values, true);
      lookup16(p0, p1, p2, p3, nibblesHigh(q), one, values + 64, true);
      for (let t: usize = 0; t < 128; t += 32)
        acc = f32x4.add(acc, f32x4.add(f32x4.mul(v128.load(values + t), v128.load(xp + t)), f32x4.mul(v128.load(values + t, 16), v128.load(xp + t, 16))));
    }
    store<f32>(y + (j << 2), hsum(acc));
  }
}

/**
 * The fused path of gemvDecoded for one row of x, where decoder `kind` reads codes through a
 * table: 1 (scalar table: `a` bits, `b` the table) or 3 (MX: `a` bits, `b` layout 0 only, `c`
 * the table). `scratch`: 128 bytes. False where it does not apply (the caller decodes then
 * multiplies).
 */
export function gemvTable(kind: i32, a: i32, b: i32, c: i32, x: usize, w: usize, rowBytes: i32, y: usize, m: i32, n: i32, k: i32, scratch: usize): bool {
  if (m != 1 || k % 32 != 0) return false;
  if (kind == 1 && a == 16) gemvBytes(x, w, <usize>rowBytes, y, n, k, <usize>b, false, true);
  else if (kind == 1 && a == 8) gemvBytes(x, w, <usize>rowBytes, y, n, k, <usize>b, false, false);
  else if (kind == 3 && b == 0 && a == 8) gemvBytes(x, w, <usize>rowBytes, y, n, k, <usize>c, true, false);
  else if (kind == 1 && a == 4) gemvNibbles(x, w, <usize>rowBytes, y, n, k, <usize>b, scratch);
  else if (kind == 1 && a < 8) gemvCodes(x, w, <usize>rowBytes, y, n, k, <u32>a, <usize>b);
  else if (kind == 3 && b == 0 && a < 8) gemvMxCodes(x, w, <usize>rowBytes, y, n, k, <u32>a, <usize>c);
  else return false;
  return true;
}
