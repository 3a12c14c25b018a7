// Bulk decoders for ggml's ternary tq1_0 and 1-/2-bit q1_0 and q2_0 (layouts as ggml-common.h,
// packages/formats/src/ggml/ternary-quants.ts and bit-quants.ts), and for learned 4-bit lookup
// tables (any4: a 16-entry f16 table per group, then the group's nibbles, low first; as
// packages/formats/src/lut/learned-lut.ts), bit-exact with the cpu codecs.
import { halfToFloat } from './scalars';

/** Base-3 digit `n` (0 = most significant) of a tq1_0 byte, as ggml: ((q·3^n mod 256)·3) >> 8. */
// @ts-ignore: decorator
@inline
function trit(q: u32, pow3: u32): i32 {
  return <i32>((((q * pow3) & 0xff) * 3) >> 8) - 1;
}

/** Writes (digit n of each of `width` bytes at `q`) · d for n < `digits`, digit-major. */
// @ts-ignore: decorator
@inline
function putTrits(q: usize, width: usize, digits: i32, d: f32, out: usize): usize {
  let pow3: u32 = 1;
  for (let n = 0; n < digits; n++, pow3 *= 3) {
    for (let m: usize = 0; m < width; m++) {
      store<f32>(out, <f32>trit(<u32>load<u8>(q + m), pow3) * d);
      out += 4;
    }
  }
  return out;
}

/** tq1_0 { u8 qs[48]; u8 qh[4]; f16 d } (54 bytes): five trits per qs byte, four per qh byte. */
export function decodeTq1_0(src: usize, dst: usize, blocks: i32): void {
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const at = src + b * 54;
    const d = halfToFloat(<u32>load<u16>(at + 52));
    let out = putTrits(at, 32, 5, d, dst + (b << 10));
    out = putTrits(at + 32, 16, 5, d, out);
    putTrits(at + 48, 4, 4, d, out);
  }
}

/** q1_0 { f16 d; u8 qs[16] } (18 bytes, 128 values): bit i (LSB first) set → d, clear → −d. */
export function decodeQ1_0(src: usize, dst: usize, blocks: i32): void {
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const at = src + b * 18;
    // A clear bit is −d: flip the sign bit of −d where the bit is set (no branch per value).
    const negative = reinterpret<u32>(-halfToFloat(<u32>load<u16>(at)));
    const out = dst + (b << 9);
    for (let i: usize = 0; i < 128; i++)
      store<u32>(out + (i << 2), negative ^ (((<u32>load<u8>(at + 2 + (i >> 3)) >> <u32>(i & 7)) & 1) << 31));
  }
}

/** q2_0 { f16 d; u8 qs[16] } (18 bytes, 64 values): 2-bit codes LSB first, x = (q − 1)·d. */
export function decodeQ2_0(src: usize, dst: usize, blocks: i32): void {
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const at = src + b * 18;
    const d = halfToFloat(<u32>load<u16>(at));
    const out = dst + (b << 8);
    for (let i: usize = 0; i < 64; i++) {
      const q = (<u32>load<u8>(at + 2 + (i >> 2)) >> <u32>((i & 3) << 1)) & 3;
      store<f32>(out + (i << 2), <f32>(<i32>q - 1) * d);
    }
  }
}

/** An f16 table entry as f32, NaN as the canonical quiet NaN (the cpu codec's f16 table). */
// @ts-ignore: decorator
@inline
function entry(table: usize, code: usize): f32 {
  const v = halfToFloat(<u32>load<u16>(table + (code << 1)));
  return v != v ? reinterpret<f32>(0x7fc00000) : v;
}

/** The 4 values of the low 4 nibbles of `codes`, from the f32 table at `table`. */
// @ts-ignore: decorator
@inline
function four(codes: u64, table: usize): v128 {
  let v = f32x4.splat(load<f32>(table + (<usize>(codes & 15) << 2)));
  v = f32x4.replace_lane(v, 1, load<f32>(table + (<usize>((codes >> 4) & 15) << 2)));
  v = f32x4.replace_lane(v, 2, load<f32>(table + (<usize>((codes >> 8) & 15) << 2)));
  return f32x4.replace_lane(v, 3, load<f32>(table + (<usize>((codes >> 12) & 15) << 2)));
}

/**
 * Learned 4-bit LUT groups of `size` values (32 + size/2 bytes): 16 f16 entries, then one
 * nibble per value (low first) indexing them. Each group's entries are widened once into the
 * first 16 floats of its own output (no scratch that threads would share), the first 16 values
 * held in registers until the rest are written.
 */
export function decodeLearnedLut(src: usize, dst: usize, groups: i32, size: i32): void {
  const bytes = <usize>(32 + (size >> 1));
  for (let g: usize = 0; g < <usize>groups; g++) {
    const at = src + g * bytes;
    const out = dst + g * (<usize>size << 2);
    if (size < 32) {
      for (let j: usize = 0; j < <usize>(size >> 1); j++) {
        const q = <usize>load<u8>(at + 32 + j);
        store<f32>(out + (j << 3), entry(at, q & 15));
        store<f32>(out + (j << 3) + 4, entry(at, q >> 4));
      }
      continue;
    }
    for (let e: usize = 0; e < 16; e++) store<f32>(out + (e << 2), entry(at, e));
    const codes = load<u64>(at + 32);
    const v0 = four(codes, out), v1 = four(codes >> 16, out);
    const v2 = four(codes >> 32, out), v3 = four(codes >> 48, out);
    for (let j: usize = 8; j < <usize>(size >> 1); j++) {
      const q = <usize>load<u8>(at + 32 + j);
      store<f32>(out + (j << 3), load<f32>(out + ((q & 15) << 2)));
      store<f32>(out + (j << 3) + 4, load<f32>(out + ((q >> 4) << 2)));
    }
    v128.store(out, v0);
    v128.store(out, v1, 16);
    v128.store(out, v2, 32);
    v128.store(out, v3, 48);
  }
}
