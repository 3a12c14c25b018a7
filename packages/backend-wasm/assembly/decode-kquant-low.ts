// Bulk decoders for ggml's 2- and 3-bit K-quants and IQ4_XS (super-blocks of 256; layouts as
// ggml-common.h and packages/formats/src/ggml/k-quants.ts, iq4-quants.ts), bit-exact with the
// cpu codecs: each scale is rounded to f32 once, as ggml's dequantize_row_*.
import { halfToFloat } from './scalars';

/**
 * q2_K { u8 scales[16]; u8 qs[64]; f16 d, dmin } (84 bytes): 16 groups of 16, group g taking
 * bits 2·((g >> 1) & 3) of qs[32·(g >> 3) + 16·(g & 1) …]; x = d·(sc & 15)·q − dmin·(sc >> 4).
 */
export function decodeQ2K(src: usize, dst: usize, blocks: i32): void {
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const at = src + b * 84;
    const d = halfToFloat(<u32>load<u16>(at + 80));
    const dmin = halfToFloat(<u32>load<u16>(at + 82));
    let out = dst + (b << 10);
    for (let g: usize = 0; g < 16; g++) {
      const sc = <u32>load<u8>(at + g);
      const dl = d * <f32>(sc & 15);
      const ml = dmin * <f32>(sc >> 4);
      const q = at + 16 + ((g >> 3) << 5) + ((g & 1) << 4);
      const shift = <u32>(((g >> 1) & 3) << 1);
      for (let l: usize = 0; l < 16; l++) {
        store<f32>(out, dl * <f32>((<u32>load<u8>(q + l) >> shift) & 3) - ml);
        out += 4;
      }
    }
  }
}

/** q3_K's 6-bit scale `i` (0–15) from its 12 packed bytes at `p` (ggml's kmask shuffle), minus 32. */
// @ts-ignore: decorator
@inline
export function scaleQ3K(p: usize, i: usize): i32 {
  const low = i < 8 ? <u32>load<u8>(p + i) & 15 : <u32>load<u8>(p + i - 8) >> 4;
  const high = (<u32>load<u8>(p + 8 + (i & 3)) >> <u32>((i >> 2) << 1)) & 3;
  return <i32>(low | (high << 4)) - 32;
}

/**
 * q3_K { u8 hmask[32]; u8 qs[64]; u8 scales[12]; f16 d } (110 bytes): q3_K's groups of 16 as
 * q2_K's, x = d·(sc − 32)·(q − 4·!hbit), the high bit of group g in bit (g >> 1) of hmask.
 */
export function decodeQ3K(src: usize, dst: usize, blocks: i32): void {
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const at = src + b * 110;
    const d = halfToFloat(<u32>load<u16>(at + 108));
    let out = dst + (b << 10);
    for (let g: usize = 0; g < 16; g++) {
      const dl = d * <f32>scaleQ3K(at + 96, g);
      const half = (g & 1) << 4;
      const q = at + 32 + ((g >> 3) << 5) + half;
      const shift = <u32>(((g >> 1) & 3) << 1);
      const bit = <u32>(g >> 1);
      for (let l: usize = 0; l < 16; l++) {
        const high = (<u32>load<u8>(at + half + l) >> bit) & 1;
        const value = <i32>((<u32>load<u8>(q + l) >> shift) & 3) - (high ? 0 : 4);
        store<f32>(out, dl * <f32>value);
        out += 4;
      }
    }
  }
}

/** IQ4_XS's 6-bit scale of sub-block `ib` minus 32 (low nibbles at +4, high pairs at +2). */
// @ts-ignore: decorator
@inline
export function scaleIq4Xs(at: usize, ib: usize): i32 {
  const low = (<u32>load<u8>(at + 4 + (ib >> 1)) >> <u32>((ib & 1) << 2)) & 15;
  const high = (<u32>load<u16>(at + 2) >> <u32>(ib << 1)) & 3;
  return <i32>(low | (high << 4)) - 32;
}

/**
 * iq4_xs { f16 d; u16 scales_h; u8 scales_l[4]; u8 qs[128] } (136 bytes): x = d·(ls − 32)·table[q]
 * per 32, nibbles as iq4_nl; `table` the 16 f32 codebook values.
 */
export function decodeIq4Xs(src: usize, dst: usize, blocks: i32, table: usize): void {
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const at = src + b * 136;
    const d = halfToFloat(<u32>load<u16>(at));
    for (let ib: usize = 0; ib < 8; ib++) {
      const dl = d * <f32>scaleIq4Xs(at, ib);
      const qs = at + 8 + (ib << 4);
      const out = dst + (b << 10) + (ib << 7);
      for (let j: usize = 0; j < 16; j++) {
        const q = <usize>load<u8>(qs + j);
        store<f32>(out + (j << 2), dl * load<f32>(table + ((q & 15) << 2)));
        store<f32>(out + ((j + 16) << 2), dl * load<f32>(table + ((q >> 4) << 2)));
      }
    }
  }
}
