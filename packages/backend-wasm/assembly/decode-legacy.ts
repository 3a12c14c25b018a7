// Bulk decoders for the ggml block types decode.ts does not cover (layouts as ggml-common.h and
// packages/formats/src/ggml/legacy-quants.ts, iq4-quants.ts, ternary-quants.ts), bit-exact with
// the cpu codecs: every product below is exact in f32, so one rounding as in the reference.
import { halfToFloat } from './scalars';

/** The 5th bit (as 16) of value `j` (0–31) of a q5 block, from its 32-bit qh word. */
// @ts-ignore: decorator
@inline
function high5(qh: u32, j: u32): u32 {
  return ((qh >> j) << 4) & 0x10;
}

/**
 * ggml q4_1 / q5_0 / q5_1 blocks of 32: byte j of qs holds values j (low nibble) and j + 16
 * (high), q5 types take bit j of the 32-bit qh as each value's 5th bit. x = q·d + m (with a
 * minimum, `offset` 0) or (q − 16)·d (q5_0, `offset` 16, m = 0).
 */
// @ts-ignore: decorator
@inline
function decodeLegacy(src: usize, dst: usize, blocks: i32, bytes: usize, withMin: bool, five: bool): void {
  const qs: usize = (withMin ? 4 : 2) + (five ? 4 : 0);
  const offset: i32 = five && !withMin ? 16 : 0;
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const at = src + b * bytes;
    const d = halfToFloat(<u32>load<u16>(at));
    const m: f32 = withMin ? halfToFloat(<u32>load<u16>(at + 2)) : 0;
    const qh: u32 = five ? load<u32>(at + (withMin ? 4 : 2)) : 0;
    const out = dst + (b << 7);
    for (let j: u32 = 0; j < 16; j++) {
      const q = <u32>load<u8>(at + qs + j);
      let lo = q & 15;
      let hi = q >> 4;
      if (five) {
        lo |= high5(qh, j);
        hi |= high5(qh, j + 16);
      }
      // q5_0 adds no minimum: −0 (from a negative d) must stay −0.
      const a = <f32>(<i32>lo - offset) * d;
      const b = <f32>(<i32>hi - offset) * d;
      store<f32>(out + (j << 2), withMin ? a + m : a);
      store<f32>(out + ((j + 16) << 2), withMin ? b + m : b);
    }
  }
}

/** ggml q4_1 { f16 d, m; u8 qs[16] }: x = q·d + m. */
export function decodeQ4_1(src: usize, dst: usize, blocks: i32): void {
  decodeLegacy(src, dst, blocks, 20, true, false);
}

/** ggml q5_0 { f16 d; u8 qh[4]; u8 qs[16] }: x = (q − 16)·d. */
export function decodeQ5_0(src: usize, dst: usize, blocks: i32): void {
  decodeLegacy(src, dst, blocks, 22, false, true);
}

/** ggml q5_1 { f16 d, m; u8 qh[4]; u8 qs[16] }: x = q·d + m. */
export function decodeQ5_1(src: usize, dst: usize, blocks: i32): void {
  decodeLegacy(src, dst, blocks, 24, true, true);
}

/** ggml iq4_nl { f16 d; u8 qs[16] }: x = d·table[q], q4_0's nibble order; `table` 16 f32. */
export function decodeIq4Nl(src: usize, dst: usize, blocks: i32, table: usize): void {
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const at = src + b * 18;
    const d = halfToFloat(<u32>load<u16>(at));
    const out = dst + (b << 7);
    for (let j: usize = 0; j < 16; j++) {
      const q = <usize>load<u8>(at + 2 + j);
      store<f32>(out + (j << 2), d * load<f32>(table + ((q & 15) << 2)));
      store<f32>(out + ((j + 16) << 2), d * load<f32>(table + ((q >> 4) << 2)));
    }
  }
}

/**
 * ggml tq2_0 { u8 qs[64]; f16 d } blocks of 256: byte p holds four 2-bit codes (value + 1) for
 * positions 128·(p >> 5) + (p & 31) + 32·l, l = 0…3.
 */
export function decodeTq2_0(src: usize, dst: usize, blocks: i32): void {
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const at = src + b * 66;
    const d = halfToFloat(<u32>load<u16>(at + 64));
    const out = dst + (b << 10);
    for (let p: usize = 0; p < 64; p++) {
      const q = <i32>load<u8>(at + p);
      const base = out + (((p >> 5) << 7) + (p & 31)) * 4;
      for (let l: usize = 0; l < 4; l++) store<f32>(base + (l << 7), <f32>(((q >> (<i32>l << 1)) & 3) - 1) * d);
    }
  }
}
