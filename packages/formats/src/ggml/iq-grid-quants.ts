/**
 * ggml's lattice ("i-quant") types, decode only: groups of 8 (or 4) values are indices into
 * fixed grids (E8 / D4-like lattices) with separate sign bits, scaled per 32 values.
 *   iq2_xxs { f16 d; u16 qs[32] }                          2.06 bits/value
 *   iq2_xs  { f16 d; u16 qs[32]; u8 scales[8] }            2.31
 *   iq2_s   { f16 d; u8 qs[64]; u8 qh[8]; u8 scales[8] }   2.56 (signs in the second half of qs)
 *   iq3_xxs { f16 d; u8 qs[96] }                           3.06 (scales+signs in the last 32)
 *   iq3_s   { f16 d; u8 qs[64]; u8 qh[8]; u8 signs[32]; u8 scales[4] } 3.44
 *   iq1_s   { f16 d; u8 qs[32]; u16 qh[8] }                1.56
 *   iq1_m   { u8 qs[32]; u8 qh[16]; u8 scales[8] }         1.75 (f16 d spread over scales)
 * Grids and sign tables are ggml's data (iq-tables.generated.ts). Arithmetic follows ggml's
 * dequantize_row_iq* in float32 so results match bit for bit.
 */
import { type BitSlice, type BlockField, f16, type ValueExpr } from '@lowbit/core';
import { add, gather, halfAt, lookup, mul, run, sub } from '../block/block-params.ts';
import { defineGgmlBlock, readHalf } from './ggml-block.ts';
import {
  IQ1M_DELTA,
  IQ1S_DELTA,
  iq1s_grid,
  iq2s_grid,
  iq2xs_grid,
  iq2xxs_grid,
  iq3s_grid,
  iq3xxs_grid,
  kmask_iq2xs,
  ksigns_iq2xs,
} from './iq-tables.generated.ts';

const QK_K = 256;
const HALF_MAX = 65504;
const fr = Math.fround;
const iq1Grid = new Int8Array(iq1s_grid.buffer, iq1s_grid.byteOffset, iq1s_grid.length);

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) =>
  (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

/** Writes 8 grid values (signs from a bit mask) times `scale` at out[y]. */
function put8(
  out: Float32Array,
  y: number,
  scale: number,
  grid: Uint8Array,
  entry: number,
  signs: number,
): void {
  for (let j = 0; j < 8; j++)
    out[y + j] = fr(scale * grid[8 * entry + j]!) * (signs & kmask_iq2xs[j]! ? -1 : 1);
}

/** Writes 4 + 4 values from two 4-wide grid entries. */
function put4x2(
  out: Float32Array,
  y: number,
  scale: number,
  grid: Uint8Array,
  first: number,
  second: number,
  signs: number,
): void {
  for (let j = 0; j < 4; j++) {
    out[y + j] = fr(scale * grid[4 * first + j]!) * (signs & kmask_iq2xs[j]! ? -1 : 1);
    out[y + j + 4] = fr(scale * grid[4 * second + j]!) * (signs & kmask_iq2xs[j + 4]! ? -1 : 1);
  }
}

/** ksigns_iq2xs as ±1 rows: row r, column j is −1 where bit j of ksigns[r] is set. */
const signRows = Float32Array.from({ length: 128 * 8 }, (_, k) =>
  ksigns_iq2xs[k >> 3]! & kmask_iq2xs[k & 7]! ? -1 : 1,
);

/** Per-8 fields at bits `at` + 64·ib + `step`·l for l < 4 (one 8-byte group per 32 values). */
const perGroup = (name: string, count: number, at: number, width: number, step: number) =>
  run(name, count, at, width, {
    dims: [
      { count: 8, stride: 64 },
      { count: count / 8, stride: step },
    ],
  });

/** A grid index: `low` bits from one run, the high bits (at `shift`) from another. */
function gridIndex(count: number, low: BitSlice, high: BitSlice, shift: number): BlockField {
  return gather('g', count, [low, { ...high, shift }]);
}

/** db · grid[g][i mod w] · sign, db = (d·(0.5 + s))·k — iq2 and iq3_xxs. */
const latticeValue = (k: number, width: number, sign: ValueExpr): ValueExpr =>
  mul(mul(mul(mul('d', add(0.5, 's')), k), lookup('grid', 'g', width)), sign);

const explicitSign = sub(1, mul(2, 'sign'));

const common = {
  blockSize: QK_K,
  scales: [{ format: 'f16', blockSize: QK_K, scope: 'block' as const }],
  minPositive: 2 ** -24,
};

export const iq2_xxs = defineGgmlBlock({
  ...common,
  name: 'iq2_xxs',
  ggmlType: 16,
  summary: 'ggml IQ2_XXS: 8-value E8-lattice codes, 2.06 bits/value (decode only)',
  blockBytes: 66,
  bits: 2,
  maxMagnitude: 15.5 * 0.25 * 43 * HALF_MAX,
  layout: {
    fields: [
      halfAt('d', 0),
      perGroup('g', 32, 16, 8, 8),
      perGroup('signs', 32, 48, 7, 7),
      perGroup('s', 8, 76, 4, 0),
    ],
    tables: { grid: iq2xxs_grid, signs: signRows },
    value: latticeValue(0.25, 8, lookup('signs', 'signs', 8)),
  },
  decodeBlock(bytes, at, out) {
    const d = readHalf(bytes, at);
    for (let ib = 0; ib < 8; ib++) {
      const q = at + 2 + 8 * ib;
      const aux1 = u32(bytes, q + 4);
      const db = fr(fr(d * (0.5 + (aux1 >>> 28))) * 0.25);
      for (let l = 0; l < 4; l++)
        put8(
          out,
          32 * ib + 8 * l,
          db,
          iq2xxs_grid,
          bytes[q + l]!,
          ksigns_iq2xs[(aux1 >>> (7 * l)) & 127]!,
        );
    }
  },
});

export const iq2_xs = defineGgmlBlock({
  ...common,
  name: 'iq2_xs',
  ggmlType: 17,
  summary: 'ggml IQ2_XS: 8-value lattice codes with 4-bit scales, 2.31 bits/value (decode only)',
  blockBytes: 74,
  bits: 2,
  maxMagnitude: 15.5 * 0.25 * 43 * HALF_MAX,
  layout: {
    fields: [
      halfAt('d', 0),
      run('g', 32, 16, 9, { dims: [{ count: 32, stride: 16 }] }),
      run('signs', 32, 25, 7, { dims: [{ count: 32, stride: 16 }] }),
      run('s', 16, 528, 4),
    ],
    tables: { grid: iq2xs_grid, signs: signRows },
    value: latticeValue(0.25, 8, lookup('signs', 'signs', 8)),
  },
  decodeBlock(bytes, at, out) {
    const d = readHalf(bytes, at);
    for (let ib = 0; ib < 8; ib++) {
      const scale = bytes[at + 66 + ib]!;
      const db = [
        fr(fr(d * (0.5 + (scale & 0xf))) * 0.25),
        fr(fr(d * (0.5 + (scale >> 4))) * 0.25),
      ];
      for (let l = 0; l < 4; l++) {
        const q = u16(bytes, at + 2 + 2 * (4 * ib + l));
        put8(out, 32 * ib + 8 * l, db[l >> 1]!, iq2xs_grid, q & 511, ksigns_iq2xs[q >> 9]!);
      }
    }
  },
});

export const iq2_s = defineGgmlBlock({
  ...common,
  name: 'iq2_s',
  ggmlType: 22,
  summary: 'ggml IQ2_S: 10-bit lattice codes, explicit signs, 2.56 bits/value (decode only)',
  blockBytes: 82,
  bits: 2,
  maxMagnitude: 15.5 * 0.25 * 43 * HALF_MAX,
  layout: {
    fields: [
      halfAt('d', 0),
      gridIndex(32, { at: 16, width: 8 }, { at: 528, width: 2 }, 8),
      run('sign', 256, 272, 1),
      run('s', 16, 592, 4),
    ],
    tables: { grid: iq2s_grid },
    value: latticeValue(0.25, 8, explicitSign),
  },
  decodeBlock(bytes, at, out) {
    const d = readHalf(bytes, at);
    for (let ib = 0; ib < 8; ib++) {
      const scale = bytes[at + 74 + ib]!;
      const db = [
        fr(fr(d * (0.5 + (scale & 0xf))) * 0.25),
        fr(fr(d * (0.5 + (scale >> 4))) * 0.25),
      ];
      const qh = bytes[at + 66 + ib]!;
      for (let l = 0; l < 4; l++) {
        const entry = bytes[at + 2 + 4 * ib + l]! | ((qh << (8 - 2 * l)) & 0x300);
        put8(out, 32 * ib + 8 * l, db[l >> 1]!, iq2s_grid, entry, bytes[at + 34 + 4 * ib + l]!);
      }
    }
  },
});

export const iq3_xxs = defineGgmlBlock({
  ...common,
  name: 'iq3_xxs',
  ggmlType: 18,
  summary: 'ggml IQ3_XXS: 4-value lattice codes, 3.06 bits/value (decode only)',
  blockBytes: 98,
  bits: 3,
  layout: {
    fields: [
      halfAt('d', 0),
      run('g', 64, 16, 8),
      run('signs', 32, 528, 7, {
        dims: [
          { count: 8, stride: 32 },
          { count: 4, stride: 7 },
        ],
      }),
      run('s', 8, 556, 4, { dims: [{ count: 8, stride: 32 }] }),
    ],
    tables: { grid: iq3xxs_grid, signs: signRows },
    value: latticeValue(0.5, 4, lookup('signs', 'signs', 8)),
  },
  maxMagnitude: 15.5 * 0.5 * 62 * HALF_MAX,
  decodeBlock(bytes, at, out) {
    const d = readHalf(bytes, at);
    for (let ib = 0; ib < 8; ib++) {
      const aux = u32(bytes, at + 2 + 64 + 4 * ib);
      const db = fr(fr(d * (0.5 + (aux >>> 28))) * 0.5);
      const q = at + 2 + 8 * ib;
      for (let l = 0; l < 4; l++) {
        put4x2(
          out,
          32 * ib + 8 * l,
          db,
          iq3xxs_grid,
          bytes[q + 2 * l]!,
          bytes[q + 2 * l + 1]!,
          ksigns_iq2xs[(aux >>> (7 * l)) & 127]!,
        );
      }
    }
  },
});

export const iq3_s = defineGgmlBlock({
  ...common,
  name: 'iq3_s',
  ggmlType: 21,
  summary: 'ggml IQ3_S: 9-bit lattice codes, explicit signs, 3.44 bits/value (decode only)',
  blockBytes: 110,
  bits: 3,
  layout: {
    fields: [
      halfAt('d', 0),
      gridIndex(64, { at: 16, width: 8 }, { at: 528, width: 1 }, 8),
      run('sign', 256, 592, 1),
      run('s', 8, 848, 4),
    ],
    tables: { grid: iq3s_grid },
    value: mul(mul(mul('d', add(1, mul(2, 's'))), lookup('grid', 'g', 4)), explicitSign),
  },
  maxMagnitude: 31 * 15 * HALF_MAX,
  decodeBlock(bytes, at, out) {
    const d = readHalf(bytes, at);
    for (let ib = 0; ib < 8; ib++) {
      const scale = bytes[at + 106 + (ib >> 1)]!;
      const db = fr(d * (1 + 2 * (ib % 2 === 0 ? scale & 0xf : scale >> 4)));
      const qh = bytes[at + 66 + ib]!;
      const q = at + 2 + 8 * ib;
      for (let l = 0; l < 4; l++) {
        const first = bytes[q + 2 * l]! | ((qh << (8 - 2 * l)) & 256);
        const second = bytes[q + 2 * l + 1]! | ((qh << (7 - 2 * l)) & 256);
        put4x2(out, 32 * ib + 8 * l, db, iq3s_grid, first, second, bytes[at + 74 + 4 * ib + l]!);
      }
    }
  },
});

/** dl · (grid + delta), dl = d·(2s + 1) — iq1_s and iq1_m. */
const iq1Value = mul(
  mul('d', add(mul(2, 's'), 1)),
  add(lookup('grid', 'g', 8), lookup('delta', 'delta')),
);

/** iq1_m's qh nibbles: 3 grid-index bits then a delta bit, per 8 values. */
const qhNibbles = [
  { count: 8, stride: 16 },
  { count: 4, stride: 4 },
];

/** Writes 8 values dl · (grid + delta) from iq1s_grid's signed entries. */
function putIq1(out: Float32Array, y: number, dl: number, entry: number, delta: number): void {
  for (let j = 0; j < 8; j++) out[y + j] = dl * (iq1Grid[8 * entry + j]! + delta);
}

export const iq1_s = defineGgmlBlock({
  ...common,
  name: 'iq1_s',
  ggmlType: 19,
  summary: 'ggml IQ1_S: 8-value ternary lattice codes, 1.56 bits/value (decode only)',
  blockBytes: 50,
  bits: 1.5,
  layout: {
    fields: [
      halfAt('d', 0),
      gridIndex(
        32,
        { at: 16, width: 8 },
        {
          at: 272,
          width: 3,
          dims: [
            { count: 8, stride: 16 },
            { count: 4, stride: 3 },
          ],
        },
        8,
      ),
      run('s', 8, 284, 3, { dims: [{ count: 8, stride: 16 }] }),
      run('delta', 8, 287, 1, { dims: [{ count: 8, stride: 16 }] }),
    ],
    tables: { grid: iq1Grid, delta: [IQ1S_DELTA, -IQ1S_DELTA] },
    value: iq1Value,
  },
  maxMagnitude: 15 * 1.125 * HALF_MAX,
  decodeBlock(bytes, at, out) {
    const d = readHalf(bytes, at);
    for (let ib = 0; ib < 8; ib++) {
      const qh = u16(bytes, at + 34 + 2 * ib);
      const dl = fr(d * (2 * ((qh >> 12) & 7) + 1));
      const delta = qh & 0x8000 ? -IQ1S_DELTA : IQ1S_DELTA;
      for (let l = 0; l < 4; l++)
        putIq1(
          out,
          32 * ib + 8 * l,
          dl,
          bytes[at + 2 + 4 * ib + l]! | (((qh >> (3 * l)) & 7) << 8),
          delta,
        );
    }
  },
});

const halfBits = new Uint8Array(2);
export const iq1_m = defineGgmlBlock({
  ...common,
  name: 'iq1_m',
  ggmlType: 29,
  summary: 'ggml IQ1_M: 8-value ternary lattice codes, 3-bit scales, 1.75 bits/value (decode only)',
  blockBytes: 56,
  bits: 1.5,
  layout: {
    fields: [
      // f16 d spread over the top nibbles of the four u16 scales (bytes 48–55).
      gather(
        'd',
        1,
        [0, 1, 2, 3].map((k) => ({ at: 396 + 16 * k, width: 4, shift: 4 * k })),
        f16.params,
      ),
      gridIndex(32, { at: 0, width: 8 }, { at: 256, width: 3, dims: qhNibbles }, 8),
      run('delta', 32, 259, 1, { dims: qhNibbles }),
      run('s', 16, 384, 3, {
        dims: [
          { count: 4, stride: 16 },
          { count: 2, stride: 6 },
          { count: 2, stride: 3 },
        ],
      }),
    ],
    tables: { grid: iq1Grid, delta: [IQ1M_DELTA, -IQ1M_DELTA] },
    value: iq1Value,
  },
  maxMagnitude: 15 * 1.125 * HALF_MAX,
  decodeBlock(bytes, at, out) {
    const sc = [0, 1, 2, 3].map((k) => u16(bytes, at + 48 + 2 * k));
    const dBits =
      (sc[0]! >> 12) | ((sc[1]! >> 8) & 0x00f0) | ((sc[2]! >> 4) & 0x0f00) | (sc[3]! & 0xf000);
    halfBits[0] = dBits & 0xff;
    halfBits[1] = dBits >> 8;
    const d = readHalf(halfBits, 0);
    for (let ib = 0; ib < 8; ib++) {
      const s = sc[ib >> 1]!;
      const dl1 = fr(d * (2 * ((s >> (6 * (ib % 2))) & 7) + 1));
      const dl2 = fr(d * (2 * ((s >> (6 * (ib % 2) + 3)) & 7) + 1));
      const qs = at + 4 * ib;
      const qh0 = bytes[at + 32 + 2 * ib]!;
      const qh1 = bytes[at + 33 + 2 * ib]!;
      const entries = [
        bytes[qs]! | ((qh0 << 8) & 0x700),
        bytes[qs + 1]! | ((qh0 << 4) & 0x700),
        bytes[qs + 2]! | ((qh1 << 8) & 0x700),
        bytes[qs + 3]! | ((qh1 << 4) & 0x700),
      ];
      const deltas = [qh0 & 0x08, qh0 & 0x80, qh1 & 0x08, qh1 & 0x80].map((bit) =>
        bit ? -IQ1M_DELTA : IQ1M_DELTA,
      );
      for (let l = 0; l < 4; l++)
        putIq1(out, 32 * ib + 8 * l, l < 2 ? dl1 : dl2, entries[l]!, deltas[l]!);
    }
  },
});

export const iqGridQuants = [iq2_xxs, iq2_xs, iq2_s, iq3_xxs, iq3_s, iq1_s, iq1_m] as const;
