/**
 * Formats whose code values are small integers times one constant, read by gemvIntCodes
 * (assembly/gemv-int-codes.ts) on int8 activations: the integer of each code found from the
 * format's own decode of every code (scalar formats) or its MX element table, never from its
 * name. int and uint formats are the code itself; fp4_e2m1 (×2), fp6_e2m3 (×8), fp6_e3m2 (×16) and integer
 * lookup tables of ≤ 6 bits go through a byte table.
 */
import { type Format, LowbitError } from '@lowbit/core';
import { codeTable } from '../kernels/code-table.ts';
import { DecoderKind, type WasmDecoder } from './decoders.ts';
import type { FusedSpec } from './gemvs.ts';

/** gemvIntCodes' `mode` (same numbers). */
const Mode = { Signed: 0, Unsigned: 1, Table: 2, WideTable: 3 } as const;

export interface IntCodes {
  mode: (typeof Mode)[keyof typeof Mode];
  /** value = scale · integer. */
  scale: number;
  /** The integers' low and high bytes by code (table modes), then the lookup's masks. */
  low: Uint8Array;
  high: Uint8Array;
}

/** 64 entries, then the XOR masks 16, 32, 48 (16 bytes each) that gemvIntCodes' lookup reads. */
const TABLE_BYTES = 112;

/** The largest power-of-two divisor tried below the smallest non-zero |value|. */
const MAX_SPLIT = 256;

function integersOf(table: Float32Array): { scale: number; ints: number[] } | undefined {
  if (!table.every(Number.isFinite)) return undefined;
  const nonZero = Array.from(table, Math.abs).filter((v) => v !== 0);
  if (nonZero.length === 0) return undefined;
  for (let split = 1; split <= MAX_SPLIT; split *= 2) {
    const scale = Math.min(...nonZero) / split;
    const ints = Array.from(table, (v) => v / scale);
    const exact = ints.every(
      (q, c) => Number.isInteger(q) && Math.abs(q) <= 32767 && Math.fround(q * scale) === table[c],
    );
    if (exact) return { scale, ints };
  }
  return undefined;
}

/** How gemvIntCodes reads codes of `bits` bits with these values, or undefined. */
export function intCodesOf(table: Float32Array, bits: number): IntCodes | undefined {
  const found = integersOf(table);
  if (!found || bits > 8) return undefined;
  const { scale, ints } = found;
  const low = new Uint8Array(TABLE_BYTES);
  const high = new Uint8Array(TABLE_BYTES);
  ints.forEach((q, c) => {
    low[c] = q & 0xff;
    high[c] = (q >> 8) & 0xff;
  });
  for (const table of [low, high])
    for (let q = 1; q < 4; q++) table.fill(16 * q, 48 + 16 * q, 64 + 16 * q);
  const signed = (c: number) => (c << (32 - bits)) >> (32 - bits);
  let mode: IntCodes['mode'];
  if (ints.every((q, c) => q === c)) mode = Mode.Unsigned;
  else if (ints.every((q, c) => q === signed(c))) mode = Mode.Signed;
  else if (bits > 6) return undefined;
  else mode = ints.every((q) => q >= -128 && q <= 127) ? Mode.Table : Mode.WideTable;
  return { mode, scale, low, high };
}

/** Each format's reading, made once per Format object (re-registered formats get their own). */
const readings = new WeakMap<Format, IntCodes | undefined>();

function readingFor(format: Format, decoder: WasmDecoder): IntCodes {
  if (!readings.has(format))
    readings.set(
      format,
      decoder.mx
        ? intCodesOf(decoder.mx.table, decoder.mx.bits)
        : intCodesOf(codeTable(format), format.bits),
    );
  const reading = readings.get(format);
  if (!reading)
    throw new LowbitError(
      'E_FORMAT_INVALID',
      `${format.name}: its code values are no longer integers times one constant; register the wasm backend again after re-registering the format`,
    );
  return reading;
}

/**
 * The fused spec for a scalar-table or MX (bit-stream layout) decoder whose values qualify;
 * undefined otherwise.
 */
export function intCodesLinear(format: Format, decoder: WasmDecoder): FusedSpec | undefined {
  const mx = decoder.mx;
  if (mx ? mx.layout !== 0 : decoder.kind !== DecoderKind.Table) return undefined;
  const bits = mx ? mx.bits : format.bits;
  const reading = mx ? intCodesOf(mx.table, bits) : intCodesOf(codeTable(format), bits);
  if (!reading) return undefined;
  return {
    block: 32,
    gemv: (o, start, count, y) => ({
      fn: 'gemvIntCodes',
      args: [o.xq, o.xd, o.w + start * o.rowBytes, y, o.m, count, o.k, o.rowBytes, ...o.extra],
    }),
    header(kernels, _at, current) {
      const { mode, scale, low, high } = readingFor(current, decoder);
      const lo = kernels.constant(low);
      const hi = kernels.constant(high);
      return { offset: 0, extra: [bits, mode, lo, hi, scale, mx ? 1 : 0] };
    },
  };
}
