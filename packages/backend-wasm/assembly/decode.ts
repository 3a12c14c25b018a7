// Bulk decoders: packed codes → f32, bit-exact with the cpu codecs. NaN results are always the
// canonical quiet NaN (0x7fc00000), as the cpu tables hold.
import { highHalves, lowHalves, widenExact } from './half';
import { lookup16, nibblesHigh, nibblesLow, plane, scaled } from './lookup16';
import { e8m0, halfToFloat } from './scalars';

const QNAN: u32 = 0x7fc00000;

// @ts-ignore: decorator
@inline
function storeCanonical(p: usize, v: f32): void {
  if (v != v) store<u32>(p, QNAN);
  else store<f32>(p, v);
}

/**
 * `count` codes of `bits` bits (a little-endian bit stream, LSB first) → `table[code]`.
 * The host pads `src` with 4 readable bytes past its end.
 */
export function decodeTable(src: usize, dst: usize, count: i32, bits: i32, table: usize): void {
  if (bits == 8) {
    for (let i: usize = 0; i < <usize>count; i++)
      store<f32>(dst + (i << 2), load<f32>(table + (<usize>load<u8>(src + i) << 2)));
    return;
  }
  if (bits == 4) {
    // 32 codes per step through the SIMD lookup, the rest (and an odd last code) one by one.
    const p0 = plane(table, 0), p1 = plane(table, 1), p2 = plane(table, 2), p3 = plane(table, 3);
    const one = f32x4.splat(1);
    const steps = <usize>(count >> 5);
    for (let i: usize = 0; i < steps; i++) {
      const bytes = v128.load(src + (i << 4));
      lookup16(p0, p1, p2, p3, nibblesLow(bytes), one, dst + (i << 7), true);
      lookup16(p0, p1, p2, p3, nibblesHigh(bytes), one, dst + (i << 7) + 64, true);
    }
    const pairs = <usize>(count >> 1);
    for (let i: usize = steps << 4; i < pairs; i++) {
      const byte = <usize>load<u8>(src + i);
      store<f32>(dst + (i << 3), load<f32>(table + ((byte & 15) << 2)));
      store<f32>(dst + (i << 3) + 4, load<f32>(table + ((byte >> 4) << 2)));
    }
    if (count & 1) store<f32>(dst + (pairs << 3), load<f32>(table + ((<usize>load<u8>(src + pairs) & 15) << 2)));
    return;
  }
  if (bits == 6) {
    // 4 codes in every 3 bytes (a 4-byte read: the host pads the stream).
    const groups = <usize>(count >> 2);
    for (let g: usize = 0; g < groups; g++) {
      const w = <usize>load<u32>(src + 3 * g);
      const out = dst + (g << 4);
      store<f32>(out, load<f32>(table + ((w & 63) << 2)));
      store<f32>(out, load<f32>(table + (((w >> 6) & 63) << 2)), 4);
      store<f32>(out, load<f32>(table + (((w >> 12) & 63) << 2)), 8);
      store<f32>(out, load<f32>(table + (((w >> 18) & 63) << 2)), 12);
    }
    for (let i = <i32>(groups << 2); i < count; i++) {
      const bit = <usize>i * 6;
      const code = (load<u32>(src + (bit >> 3)) >> <u32>(bit & 7)) & 63;
      store<f32>(dst + (<usize>i << 2), load<f32>(table + (<usize>code << 2)));
    }
    return;
  }
  const mask: u32 = (1 << bits) - 1;
  for (let i = 0; i < count; i++) {
    const bit = <usize>i * <usize>bits;
    const code = (load<u32>(src + (bit >> 3)) >> <u32>(bit & 7)) & mask;
    store<f32>(dst + (<usize>i << 2), load<f32>(table + (<usize>code << 2)));
  }
}

/** binary16 (`kind` 0) or bfloat16 (`kind` 1) codes → f32. */
export function decode16(src: usize, dst: usize, count: i32, kind: i32): void {
  if (kind == 1) {
    for (let i: usize = 0; i < <usize>count; i++) {
      let bits = <u32>load<u16>(src + (i << 1)) << 16;
      if ((bits & 0x7fffffff) > 0x7f800000) bits = QNAN;
      store<u32>(dst + (i << 2), bits);
    }
    return;
  }
  const n = <usize>count;
  const body = n & ~(<usize>7);
  for (let i: usize = 0; i < body; i += 8) {
    const h = v128.load(src + (i << 1));
    v128.store(dst + (i << 2), canonical(widenExact(lowHalves(h))));
    v128.store(dst + (i << 2), canonical(widenExact(highHalves(h))), 16);
  }
  for (let i = body; i < n; i++) storeCanonical(dst + (i << 2), halfToFloat(<u32>load<u16>(src + (i << 1))));
}

/** `v` with every NaN lane replaced by the canonical quiet NaN. */
// @ts-ignore: decorator
@inline
function canonical(v: v128): v128 {
  return v128.bitselect(i32x4.splat(QNAN), v, f32x4.ne(v, v));
}

/** ggml q4_0 blocks { f16 d; u8 qs[16] }: x = (q − 8)·d, byte j holds values j and j+16. */
export function decodeQ4_0(src: usize, dst: usize, blocks: i32): void {
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const at = src + b * 18;
    const d = halfToFloat(<u32>load<u16>(at));
    const out = dst + (b << 7);
    for (let j: usize = 0; j < 16; j++) {
      const q = <i32>load<u8>(at + 2 + j);
      store<f32>(out + (j << 2), <f32>((q & 15) - 8) * d);
      store<f32>(out + ((j + 16) << 2), <f32>((q >> 4) - 8) * d);
    }
  }
}

/** ggml q8_0 blocks { f16 d; i8 qs[32] }: x = q·d. */
export function decodeQ8_0(src: usize, dst: usize, blocks: i32): void {
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const at = src + b * 34;
    const d = halfToFloat(<u32>load<u16>(at));
    const out = dst + (b << 7);
    for (let j: usize = 0; j < 32; j++) store<f32>(out + (j << 2), <f32>load<i8>(at + 2 + j) * d);
  }
}

/** The j-th 6-bit (scale, min) pair of q4_K's 12 scale bytes at `q`, as scale | min << 8. */
// @ts-ignore: decorator
@inline
export function scaleMinK4(j: usize, q: usize): u32 {
  if (j < 4) return (<u32>load<u8>(q + j) & 63) | ((<u32>load<u8>(q + j + 4) & 63) << 8);
  const sc = (<u32>load<u8>(q + j + 4) & 0xf) | ((<u32>load<u8>(q + j - 4) >> 6) << 4);
  const m = (<u32>load<u8>(q + j + 4) >> 4) | ((<u32>load<u8>(q + j) >> 6) << 4);
  return sc | (m << 8);
}

/**
 * ggml q4_K (`high` false: 144-byte blocks, qs at 16) or q5_K (`high` true: 176 bytes, qh[32]
 * at 16, qs at 48) blocks of 256: x = d·sc·q − dmin·m per 32-value sub-block, q the nibble
 * plus 16 × qh bit (2j + half) for q5_K.
 */
// @ts-ignore: decorator
@inline
function decodeK4(src: usize, dst: usize, blocks: i32, high: bool): void {
  const blockBytes: usize = high ? 176 : 144;
  const qs: usize = high ? 48 : 16;
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const at = src + b * blockBytes;
    const d = halfToFloat(<u32>load<u16>(at));
    const dmin = halfToFloat(<u32>load<u16>(at + 2));
    let out = dst + (b << 10);
    for (let j: usize = 0; j < 4; j++) {
      const q = at + qs + 32 * j;
      for (let half: usize = 0; half < 2; half++) {
        const pair = scaleMinK4(2 * j + half, at + 4);
        const dl = d * <f32>(pair & 63);
        const ml = dmin * <f32>(pair >> 8);
        const shift = <u32>(half << 2);
        const bit = <u32>(2 * j + half);
        for (let l: usize = 0; l < 32; l++) {
          let code = (<u32>load<u8>(q + l) >> shift) & 15;
          if (high) code |= ((<u32>load<u8>(at + 16 + l) >> bit) & 1) << 4;
          store<f32>(out, dl * <f32>code - ml);
          out += 4;
        }
      }
    }
  }
}

/** ggml q4_K blocks (144 bytes, 256 values). */
export function decodeQ4K(src: usize, dst: usize, blocks: i32): void {
  decodeK4(src, dst, blocks, false);
}

/** ggml q5_K blocks (176 bytes, 256 values). */
export function decodeQ5K(src: usize, dst: usize, blocks: i32): void {
  decodeK4(src, dst, blocks, true);
}

/** ggml q6_K blocks (210 bytes, 256 values): 6-bit q − 32, int8 scale per 16, f16 d last. */
export function decodeQ6K(src: usize, dst: usize, blocks: i32): void {
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const at = src + b * 210;
    const d = halfToFloat(<u32>load<u16>(at + 208));
    for (let n: usize = 0; n < 2; n++) {
      const ql = at + 64 * n;
      const qh = at + 128 + 32 * n;
      const sc = at + 192 + 8 * n;
      const y = dst + (b << 10) + (n << 9);
      for (let l: usize = 0; l < 32; l++) {
        const is = l >> 4;
        const h = <i32>load<u8>(qh + l);
        const lo = <i32>load<u8>(ql + l);
        const hi = <i32>load<u8>(ql + l + 32);
        const q1 = ((lo & 15) | ((h & 3) << 4)) - 32;
        const q2 = ((hi & 15) | (((h >> 2) & 3) << 4)) - 32;
        const q3 = ((lo >> 4) | (((h >> 4) & 3) << 4)) - 32;
        const q4 = ((hi >> 4) | (((h >> 6) & 3) << 4)) - 32;
        store<f32>(y + (l << 2), d * <f32>load<i8>(sc + is) * <f32>q1);
        store<f32>(y + ((l + 32) << 2), d * <f32>load<i8>(sc + is + 2) * <f32>q2);
        store<f32>(y + ((l + 64) << 2), d * <f32>load<i8>(sc + is + 4) * <f32>q3);
        store<f32>(y + ((l + 96) << 2), d * <f32>load<i8>(sc + is + 6) * <f32>q4);
      }
    }
  }
}

/** table[a..d] as one vector. */
// @ts-ignore: decorator
@inline
function gather4(table: usize, a: usize, b: usize, c: usize, d: usize): v128 {
  let v = f32x4.splat(load<f32>(table + (a << 2)));
  v = f32x4.replace_lane(v, 1, load<f32>(table + (b << 2)));
  v = f32x4.replace_lane(v, 2, load<f32>(table + (c << 2)));
  return f32x4.replace_lane(v, 3, load<f32>(table + (d << 2)));
}

/**
 * OCP MX blocks: an E8M0 scale byte, then 32 element codes. `layout` 0: a little-endian bit
 * stream of `bits`-bit codes (8 or 6); 1: ggml's mxfp4 (byte j holds element j low, j+16 high).
 * `table` maps element codes to values.
 */
export function decodeMx(src: usize, dst: usize, blocks: i32, bits: i32, layout: i32, table: usize): void {
  const blockBytes = <usize>(1 + 4 * bits);
  if (layout == 1) {
    const p0 = plane(table, 0), p1 = plane(table, 1), p2 = plane(table, 2), p3 = plane(table, 3);
    for (let b: usize = 0; b < <usize>blocks; b++) {
      const at = src + b * blockBytes;
      const scale = f32x4.splat(e8m0(<u32>load<u8>(at)));
      const bytes = v128.load(at + 1);
      const out = dst + (b << 7);
      lookup16(p0, p1, p2, p3, v128.and(bytes, i8x16.splat(15)), scale, out);
      lookup16(p0, p1, p2, p3, i8x16.shr_u(bytes, 4), scale, out + 64);
    }
    return;
  }
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const at = src + b * blockBytes;
    const scale = f32x4.splat(e8m0(<u32>load<u8>(at)));
    const out = dst + (b << 7);
    if (bits == 8) {
      for (let j: usize = 0; j < 32; j += 4) {
        const w = <usize>load<u32>(at + 1 + j);
        scaled(gather4(table, w & 255, (w >> 8) & 255, (w >> 16) & 255, w >> 24), scale, out + (j << 2));
      }
    } else {
      // 6-bit codes: 4 in every 3 bytes.
      for (let g: usize = 0; g < 8; g++) {
        const w = <usize>load<u32>(at + 1 + 3 * g);
        scaled(gather4(table, w & 63, (w >> 6) & 63, (w >> 12) & 63, (w >> 18) & 63), scale, out + (g << 4));
      }
    }
  }
}

/**
 * NVFP4 blocks of 64 in ggml's layout (4 E4M3 scale bytes, then per 16-value group 8 bytes:
 * byte j holds value j low, j+8 high). Value = e2m1 · (e4m3 · tensorScale).
 */
export function decodeNvfp4(src: usize, dst: usize, blocks: i32, tensorScale: f32, e4m3: usize, e2m1: usize): void {
  const p0 = plane(e2m1, 0), p1 = plane(e2m1, 1), p2 = plane(e2m1, 2), p3 = plane(e2m1, 3);
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const at = src + b * 36;
    for (let g: usize = 0; g < 4; g++) {
      const scale = f32x4.splat(load<f32>(e4m3 + (<usize>load<u8>(at + g) << 2)) * tensorScale);
      const bytes = v128.load64_zero(at + 4 + 8 * g);
      const codes = v128.shuffle<u8>(v128.and(bytes, i8x16.splat(15)), i8x16.shr_u(bytes, 4), 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
      lookup16(p0, p1, p2, p3, codes, scale, dst + (b << 8) + (g << 6));
    }
  }
}
