/**
 * The reference decoder: bytes → float32 from a format's `params` alone (core's
 * format-params.ts), never through the format's codec. Plain and slow on purpose — one bit at
 * a time, one element at a time — so it can be checked by reading, and any codec (or a backend
 * kernel generated from the same params) can be checked against it.
 */
import {
  type BitSlice,
  type BlockField,
  type BlockParams,
  type FormatParams,
  type MinifloatParams,
  type PositParams,
  type ScalarParams,
  scalarBits,
  type ValueExpr,
} from '@lowbit/core';

const fr = Math.fround;

/** Bit `address` of `bytes` from `base` (bit a = bit a mod 8 of byte ⌊a/8⌋). */
const bitAt = (bytes: Uint8Array, base: number, address: number): number =>
  (bytes[base + Math.floor(address / 8)]! >> (address % 8)) & 1;

function minifloatValue(p: MinifloatParams, code: number): number {
  const signed = p.policy !== 'e8m0';
  const magnitudeCodes = 2 ** (p.exponentBits + p.mantissaBits);
  const negative = signed && code >= magnitudeCodes;
  const magnitude = code % magnitudeCodes;
  const exponent = Math.floor(magnitude / 2 ** p.mantissaBits);
  const mantissa = magnitude % 2 ** p.mantissaBits;
  const allOnes = exponent === 2 ** p.exponentBits - 1;
  const sign = negative ? -1 : 1;
  switch (p.policy) {
    case 'e8m0':
      return allOnes ? Number.NaN : 2 ** (exponent - p.bias);
    case 'ieee':
      if (allOnes) return mantissa === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
      break;
    case 'fn':
      if (magnitude === magnitudeCodes - 1) return Number.NaN;
      break;
    case 'fnuz':
      if (negative && magnitude === 0) return Number.NaN;
      break;
    case 'finite':
      break;
  }
  if (exponent === 0) return sign * mantissa * 2 ** (1 - p.bias - p.mantissaBits);
  return sign * (1 + mantissa / 2 ** p.mantissaBits) * 2 ** (exponent - p.bias);
}

/** Posit Standard 2022, §3: regime run, es exponent bits, fraction; negatives by two's complement. */
function positValue(p: PositParams, code: number): number {
  const size = 2 ** p.bits;
  if (code === 0) return 0;
  if (code === size / 2) return Number.NaN;
  const negative = code > size / 2;
  const body = (negative ? size - code : code).toString(2).padStart(p.bits, '0').slice(1);
  let run = 1;
  while (run < body.length && body[run] === body[0]) run++;
  const regime = body[0] === '1' ? run - 1 : -run;
  const rest = body.slice(run + 1);
  const exponent = Number.parseInt(rest.slice(0, p.es).padEnd(p.es, '0') || '0', 2);
  const fractionBits = rest.slice(p.es);
  const fraction = fractionBits ? Number.parseInt(fractionBits, 2) / 2 ** fractionBits.length : 0;
  const value = 2 ** (regime * 2 ** p.es + exponent) * (1 + fraction);
  return negative ? -value : value;
}

/** The float32 value of one code of a scalar format. */
export function scalarValue(params: ScalarParams, code: number): number {
  switch (params.kind) {
    case 'minifloat':
      return fr(minifloatValue(params, code));
    case 'integer':
      return params.signed && code >= 2 ** (params.bits - 1) ? code - 2 ** params.bits : code;
    case 'lut':
      return fr(params.values[code]!);
    case 'posit':
      return fr(positValue(params, code));
  }
}

/** One slice's contribution to entry `k` of its piece. */
function readSlice(bytes: Uint8Array, base: number, slice: BitSlice, k: number): number {
  const dims = slice.dims ?? [{ count: Number.POSITIVE_INFINITY, stride: slice.width }];
  let address = slice.at;
  let digit = 0;
  let rest = k;
  for (let d = dims.length - 1; d >= 0; d--) {
    const dim = dims[d]!;
    const coordinate = d === 0 ? rest : rest % dim.count;
    rest = Math.floor(rest / dim.count);
    if (dim.digit) digit = coordinate;
    else address += coordinate * (dim.stride ?? 0);
  }
  let bits = 0;
  for (let b = 0; b < slice.width; b++) bits += bitAt(bytes, base, address + b) * 2 ** b;
  // ggml's tq1_0: a byte holds ⌈trits·256/243⌉; digit n is ((byte·3^n) mod 256)·3 >> 8.
  if (slice.radix === 3) bits = Math.floor((((bits * 3 ** digit) % 256) * 3) / 256);
  return bits * 2 ** (slice.shift ?? 0);
}

function readEntry(bytes: Uint8Array, base: number, field: BlockField, entry: number): number {
  let k = entry;
  for (const piece of field.pieces) {
    if (k < piece.count) {
      let code = 0;
      for (const slice of piece.slices) code += readSlice(bytes, base, slice, k);
      return field.as ? scalarValue(field.as, code) : code;
    }
    k -= piece.count;
  }
  return Number.NaN;
}

/** Element `i` of the block at byte `base` (the header, if any, at byte 0). */
function blockValue(params: BlockParams, bytes: Uint8Array, base: number, i: number): number {
  const fields = new Map<string, { field: BlockField; base: number }>();
  for (const field of params.fields) fields.set(field.name, { field, base });
  for (const field of params.header?.fields ?? []) fields.set(field.name, { field, base: 0 });
  const evaluate = (expr: ValueExpr): number => {
    if (typeof expr === 'number') return expr;
    if (typeof expr === 'string') {
      const { field, base: at } = fields.get(expr)!;
      return readEntry(bytes, at, field, Math.floor((i * field.count) / params.size));
    }
    if ('op' in expr) {
      const a = evaluate(expr.a);
      const b = evaluate(expr.b);
      return fr(expr.op === 'add' ? a + b : expr.op === 'sub' ? a - b : a * b);
    }
    if ('table' in expr)
      return params.tables![expr.table]![evaluate(expr.row) * expr.width + (i % expr.width)]!;
    const { field, base: at } = fields.get(expr.field)!;
    return readEntry(bytes, at, field, evaluate(expr.entry));
  };
  return fr(evaluate(params.value));
}

/** Decodes `count` values of a format with `params` from `bytes`. */
export function decodeFromParams(
  params: FormatParams,
  bytes: Uint8Array,
  count: number,
): Float32Array {
  const out = new Float32Array(count);
  if (params.kind !== 'block') {
    const bits = scalarBits(params);
    for (let i = 0; i < count; i++)
      out[i] = scalarValue(params, readSlice(bytes, 0, { at: i * bits, width: bits }, 0));
    return out;
  }
  const header = params.header?.bytes ?? 0;
  for (let i = 0; i < count; i++) {
    const block = Math.floor(i / params.size);
    out[i] = blockValue(params, bytes, header + block * params.bytes, i % params.size);
  }
  return out;
}
