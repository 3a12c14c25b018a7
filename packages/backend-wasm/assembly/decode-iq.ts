// Bulk decoders for ggml's lattice ("i-quant") types, super-blocks of 256 (layouts as
// ggml-common.h and packages/formats/src/ggml/iq-grid-quants.ts), bit-exact with the cpu
// codecs. The grids and ksigns_iq2xs are ggml's tables, placed in linear memory once by the host
// (`grid`, `ksigns`: @lowbit/formats' iq-tables.generated.ts bytes), never written here.
import { halfToFloat } from './scalars';

/** f32 sign bits for bits 0–3 (`high` false) or 4–7 of `signs`, lane j taking bit j (or j + 4). */
// @ts-ignore: decorator
@inline
function signLanes(signs: u32, high: bool): v128 {
  // Multiplying by 2^(31 − j) moves bit j to bit 31; the bits above it fall off the lane.
  const shifts = high ? i32x4(1 << 27, 1 << 26, 1 << 25, 1 << 24) : i32x4(1 << 31, 1 << 30, 1 << 29, 1 << 28);
  return v128.and(i32x4.mul(i32x4.splat(signs), shifts), i32x4.splat(0x80000000));
}

/** scale · the 4 grid bytes in the low lanes of `bytes` as f32, with `sign` bits applied. */
// @ts-ignore: decorator
@inline
function scaled4(bytes: v128, scale: f32, sign: v128): v128 {
  const values = f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(bytes)));
  return v128.xor(f32x4.mul(values, f32x4.splat(scale)), sign);
}

/** 8 values scale·grid[8·entry + j], negated where bit j of `signs` is set. */
// @ts-ignore: decorator
@inline
function put8(out: usize, scale: f32, grid: usize, entry: usize, signs: u32): void {
  const g = grid + (entry << 3);
  v128.store(out, scaled4(v128.load32_zero(g), scale, signLanes(signs, false)));
  v128.store(out, scaled4(v128.load32_zero(g, 4), scale, signLanes(signs, true)), 16);
}

/** 4 + 4 values from two 4-wide grid entries, signs as put8. */
// @ts-ignore: decorator
@inline
function put4x2(out: usize, scale: f32, grid: usize, first: usize, second: usize, signs: u32): void {
  v128.store(out, scaled4(v128.load32_zero(grid + (first << 2)), scale, signLanes(signs, false)));
  v128.store(out, scaled4(v128.load32_zero(grid + (second << 2)), scale, signLanes(signs, true)), 16);
}

/** ggml's 0.25·d·(0.5 + s) (iq2 types) or 0.5·… (iq3_xxs), each product rounded to f32. */
// @ts-ignore: decorator
@inline
function halfStep(d: f32, s: u32, factor: f32): f32 {
  return d * (<f32>0.5 + <f32>s) * factor;
}

/** iq2_xxs { f16 d; u16 qs[32] } (66 bytes): per 32, 4 grid bytes then 4×7 sign bits and a 4-bit scale. */
export function decodeIq2Xxs(src: usize, dst: usize, blocks: i32, grid: usize, ksigns: usize): void {
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const at = src + b * 66;
    const d = halfToFloat(<u32>load<u16>(at));
    for (let ib: usize = 0; ib < 8; ib++) {
      const q = at + 2 + (ib << 3);
      const aux = load<u32>(q + 4);
      const db = halfStep(d, aux >> 28, 0.25);
      const out = dst + (b << 10) + (ib << 7);
      for (let l: usize = 0; l < 4; l++)
        put8(out + (l << 5), db, grid, <usize>load<u8>(q + l), <u32>load<u8>(ksigns + ((aux >> <u32>l * 7) & 127)));
    }
  }
}

/** iq2_xs { f16 d; u16 qs[32]; u8 scales[8] } (74 bytes): 9-bit grid index, 7-bit sign index. */
export function decodeIq2Xs(src: usize, dst: usize, blocks: i32, grid: usize, ksigns: usize): void {
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const at = src + b * 74;
    const d = halfToFloat(<u32>load<u16>(at));
    for (let ib: usize = 0; ib < 8; ib++) {
      const scale = <u32>load<u8>(at + 66 + ib);
      const out = dst + (b << 10) + (ib << 7);
      for (let l: usize = 0; l < 4; l++) {
        const q = <u32>load<u16>(at + 2 + (((ib << 2) + l) << 1));
        const db = halfStep(d, l < 2 ? scale & 15 : scale >> 4, 0.25);
        put8(out + (l << 5), db, grid, <usize>(q & 511), <u32>load<u8>(ksigns + (q >> 9)));
      }
    }
  }
}

/** iq2_s { f16 d; u8 qs[64]; u8 qh[8]; u8 scales[8] } (82 bytes): 10-bit indices, signs in qs[32…]. */
export function decodeIq2S(src: usize, dst: usize, blocks: i32, grid: usize): void {
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const at = src + b * 82;
    const d = halfToFloat(<u32>load<u16>(at));
    for (let ib: usize = 0; ib < 8; ib++) {
      const scale = <u32>load<u8>(at + 74 + ib);
      const qh = <u32>load<u8>(at + 66 + ib);
      const out = dst + (b << 10) + (ib << 7);
      for (let l: usize = 0; l < 4; l++) {
        const entry = <u32>load<u8>(at + 2 + (ib << 2) + l) | ((qh << 8 - (<u32>l << 1)) & 0x300);
        const db = halfStep(d, l < 2 ? scale & 15 : scale >> 4, 0.25);
        put8(out + (l << 5), db, grid, <usize>entry, <u32>load<u8>(at + 34 + (ib << 2) + l));
      }
    }
  }
}

/** iq3_xxs { f16 d; u8 qs[64]; u32 scales_signs[8] } (98 bytes): 4-wide grid entries. */
export function decodeIq3Xxs(src: usize, dst: usize, blocks: i32, grid: usize, ksigns: usize): void {
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const at = src + b * 98;
    const d = halfToFloat(<u32>load<u16>(at));
    for (let ib: usize = 0; ib < 8; ib++) {
      const aux = load<u32>(at + 66 + (ib << 2));
      const db = halfStep(d, aux >> 28, 0.5);
      const q = at + 2 + (ib << 3);
      const out = dst + (b << 10) + (ib << 7);
      for (let l: usize = 0; l < 4; l++)
        put4x2(out + (l << 5), db, grid, <usize>load<u8>(q + 2 * l), <usize>load<u8>(q + 2 * l + 1), <u32>load<u8>(ksigns + ((aux >> <u32>l * 7) & 127)));
    }
  }
}

/** iq3_s { f16 d; u8 qs[64]; u8 qh[8]; u8 signs[32]; u8 scales[4] } (110 bytes): 9-bit indices. */
export function decodeIq3S(src: usize, dst: usize, blocks: i32, grid: usize): void {
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const at = src + b * 110;
    const d = halfToFloat(<u32>load<u16>(at));
    for (let ib: usize = 0; ib < 8; ib++) {
      const scale = (<u32>load<u8>(at + 106 + (ib >> 1)) >> <u32>((ib & 1) << 2)) & 15;
      const db = d * <f32>((scale << 1) + 1);
      const qh = <u32>load<u8>(at + 66 + ib);
      const q = at + 2 + (ib << 3);
      const out = dst + (b << 10) + (ib << 7);
      for (let l: usize = 0; l < 4; l++) {
        const first = <u32>load<u8>(q + 2 * l) | ((qh << 8 - (<u32>l << 1)) & 256);
        const second = <u32>load<u8>(q + 2 * l + 1) | ((qh << 7 - (<u32>l << 1)) & 256);
        put4x2(out + (l << 5), db, grid, <usize>first, <usize>second, <u32>load<u8>(at + 74 + (ib << 2) + l));
      }
    }
  }
}

/** 8 values dl·(grid + delta) from iq1s_grid's signed entries (−1, 0, +1). */
// @ts-ignore: decorator
@inline
function putIq1(out: usize, dl: f32, grid: usize, entry: u32, delta: f32): void {
  const g = grid + (<usize>entry << 3);
  for (let j: usize = 0; j < 8; j++) store<f32>(out + (j << 2), dl * (<f32>load<i8>(g + j) + delta));
}

const IQ1_DELTA: f32 = 0.125;

/** iq1_s { f16 d; u8 qs[32]; u16 qh[8] } (50 bytes): 11-bit indices, 3-bit scale and delta sign per 32. */
export function decodeIq1S(src: usize, dst: usize, blocks: i32, grid: usize): void {
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const at = src + b * 50;
    const d = halfToFloat(<u32>load<u16>(at));
    for (let ib: usize = 0; ib < 8; ib++) {
      const qh = <u32>load<u16>(at + 34 + (ib << 1));
      const dl = d * <f32>((((qh >> 12) & 7) << 1) + 1);
      const delta = qh & 0x8000 ? -IQ1_DELTA : IQ1_DELTA;
      const out = dst + (b << 10) + (ib << 7);
      for (let l: usize = 0; l < 4; l++) {
        const entry = <u32>load<u8>(at + 2 + (ib << 2) + l) | (((qh >> <u32>l * 3) & 7) << 8);
        putIq1(out + (l << 5), dl, grid, entry, delta);
      }
    }
  }
}

/** iq1_m { u8 qs[32]; u8 qh[16]; u16 scales[4] } (56 bytes): the f16 d is spread over the scales' top nibbles. */
export function decodeIq1M(src: usize, dst: usize, blocks: i32, grid: usize): void {
  for (let b: usize = 0; b < <usize>blocks; b++) {
    const at = src + b * 56;
    const s0 = <u32>load<u16>(at + 48), s1 = <u32>load<u16>(at + 50);
    const s2 = <u32>load<u16>(at + 52), s3 = <u32>load<u16>(at + 54);
    const d = halfToFloat((s0 >> 12) | ((s1 >> 8) & 0xf0) | ((s2 >> 4) & 0xf00) | (s3 & 0xf000));
    for (let ib: usize = 0; ib < 8; ib++) {
      const s = <u32>load<u16>(at + 48 + ((ib >> 1) << 1)) >> (<u32>ib & 1) * 6;
      const dl1 = d * <f32>(((s & 7) << 1) + 1);
      const dl2 = d * <f32>((((s >> 3) & 7) << 1) + 1);
      const qs = at + (ib << 2);
      const qh0 = <u32>load<u8>(at + 32 + (ib << 1));
      const qh1 = <u32>load<u8>(at + 33 + (ib << 1));
      const out = dst + (b << 10) + (ib << 7);
      putIq1(out, dl1, grid, <u32>load<u8>(qs) | ((qh0 << 8) & 0x700), qh0 & 0x08 ? -IQ1_DELTA : IQ1_DELTA);
      putIq1(out + 32, dl1, grid, <u32>load<u8>(qs + 1) | ((qh0 << 4) & 0x700), qh0 & 0x80 ? -IQ1_DELTA : IQ1_DELTA);
      putIq1(out + 64, dl2, grid, <u32>load<u8>(qs + 2) | ((qh1 << 8) & 0x700), qh1 & 0x08 ? -IQ1_DELTA : IQ1_DELTA);
      putIq1(out + 96, dl2, grid, <u32>load<u8>(qs + 3) | ((qh1 << 4) & 0x700), qh1 & 0x80 ? -IQ1_DELTA : IQ1_DELTA);
    }
  }
}
