// Linear layers for weight formats without a fused kernel: chunks of W's rows are decoded into
// f32 scratch by the format's own decoder, then multiplied with the f32 GEMV, all inside linear
// memory. `decodeAny` is the one switch from a decoder kind (src/kernels/decoder-kind.ts, same
// numbers) to its decode kernel, so bulk decode, get-rows and this GEMV share it.
import { decode16, decodeMx, decodeNvfp4, decodeQ4_0, decodeQ4K, decodeQ5K, decodeQ6K, decodeQ8_0, decodeTable } from './decode';
import { decodeIq4Nl, decodeQ4_1, decodeQ5_0, decodeQ5_1, decodeTq2_0 } from './decode-legacy';
import { decodeLearnedLut, decodeQ1_0, decodeQ2_0, decodeTq1_0 } from './decode-bits';
import { decodeIq1M, decodeIq1S, decodeIq2S, decodeIq2Xs, decodeIq2Xxs, decodeIq3S, decodeIq3Xxs } from './decode-iq';
import { decodeIq4Xs, decodeQ2K, decodeQ3K } from './decode-kquant-low';
import { gemvF32 } from './gemv-f32';
import { gemvTable } from './gemv-table';

/**
 * Decodes `count` values (room for whole units of `unit`) of decoder `kind` from `src` to
 * `dst`; `a`, `b`, `c`, `s` are the kind's parameters (bits, tables, layout, tensor scale).
 */
export function decodeAny(kind: i32, src: usize, dst: usize, count: i32, unit: i32, a: i32, b: i32, c: i32, s: f32): void {
  const blocks = (count + unit - 1) / unit;
  switch (kind) {
    case 0: memory.copy(dst, src, <usize>count << 2); break;
    case 1: decodeTable(src, dst, count, a, <usize>b); break;
    case 2: decode16(src, dst, count, a); break;
    case 3: decodeMx(src, dst, blocks, a, b, <usize>c); break;
    case 4: decodeNvfp4(src, dst, blocks, s, <usize>b, <usize>c); break;
    case 5: decodeQ4_0(src, dst, blocks); break;
    case 6: decodeQ8_0(src, dst, blocks); break;
    case 7: decodeQ4K(src, dst, blocks); break;
    case 8: decodeQ5K(src, dst, blocks); break;
    case 9: decodeQ6K(src, dst, blocks); break;
    case 10: decodeQ4_1(src, dst, blocks); break;
    case 11: decodeQ5_0(src, dst, blocks); break;
    case 12: decodeQ5_1(src, dst, blocks); break;
    case 13: decodeIq4Nl(src, dst, blocks, <usize>b); break;
    case 14: decodeTq2_0(src, dst, blocks); break;
    case 15: decodeQ2K(src, dst, blocks); break;
    case 16: decodeQ3K(src, dst, blocks); break;
    case 17: decodeIq4Xs(src, dst, blocks, <usize>b); break;
    case 18: decodeTq1_0(src, dst, blocks); break;
    case 19: decodeIq2Xxs(src, dst, blocks, <usize>b, <usize>c); break;
    case 20: decodeIq2Xs(src, dst, blocks, <usize>b, <usize>c); break;
    case 21: decodeIq2S(src, dst, blocks, <usize>b); break;
    case 22: decodeIq3Xxs(src, dst, blocks, <usize>b, <usize>c); break;
    case 23: decodeIq3S(src, dst, blocks, <usize>b); break;
    case 24: decodeIq1S(src, dst, blocks, <usize>b); break;
    case 25: decodeIq1M(src, dst, blocks, <usize>b); break;
    case 26: decodeQ1_0(src, dst, blocks); break;
    case 27: decodeQ2_0(src, dst, blocks); break;
    case 28: decodeLearnedLut(src, dst, blocks, unit); break;
    default: unreachable();
  }
}

/**
 * y [m×n] = x·Wᵀ, W's n rows of `rowBytes` at `w` in decoder `kind`'s format: `rows` rows at a
 * time are decoded into `scratch` (room for rows·k + m·rows f32), multiplied with x, and their
 * outputs placed in y's columns.
 */
export function gemvDecoded(
  kind: i32, unit: i32, a: i32, b: i32, c: i32, s: f32,
  x: usize, w: usize, rowBytes: i32, y: usize, m: i32, n: i32, k: i32, scratch: usize, rows: i32,
): void {
  if (gemvTable(kind, a, b, c, x, w, rowBytes, y, m, n, k, scratch)) return;
  const out = scratch + ((<usize>rows * <usize>k) << 2);
  for (let r0 = 0; r0 < n; r0 += rows) {
    const count = min(rows, n - r0);
    decodeAny(kind, w + <usize>r0 * <usize>rowBytes, scratch, count * k, unit, a, b, c, s);
    if (m == 1) {
      gemvF32(x, scratch, y + (<usize>r0 << 2), 1, count, k);
      continue;
    }
    gemvF32(x, scratch, out, m, count, k);
    for (let i = 0; i < m; i++)
      memory.copy(y + ((<usize>i * <usize>n + <usize>r0) << 2), out + ((<usize>i * <usize>count) << 2), <usize>count << 2);
  }
}
