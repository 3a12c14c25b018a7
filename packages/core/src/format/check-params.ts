/**
 * Validation of `Format.params` (format-params.ts), run by defineFormat: each kind's numbers in
 * range, and agreement with the descriptor's own bits, block size and bytes. For blocks every
 * bit each field reads is enumerated, so a slice beyond `bytes` or two fields claiming the same
 * bit is caught at definition time, not as a wrong decode.
 */
import type { Format } from './format.ts';
import {
  type BitSlice,
  type BlockField,
  type BlockParams,
  type ScalarParams,
  scalarBits,
  type ValueExpr,
} from './format-params.ts';

type Invalid = (why: string) => never;

function checkScalar(params: ScalarParams, invalid: Invalid, where = 'params'): void {
  const bits = scalarBits(params);
  if (!(Number.isInteger(bits) && bits >= 1 && bits <= 32))
    invalid(`${where}.bits must be an integer in [1, 32], got ${bits}`);
  switch (params.kind) {
    case 'minifloat': {
      const { exponentBits: e, mantissaBits: m, policy } = params;
      if (!(Number.isInteger(e) && e >= 1 && Number.isInteger(m) && m >= 0))
        invalid(`${where} needs exponentBits ≥ 1 and mantissaBits ≥ 0 (integers)`);
      if (!Number.isInteger(params.bias)) invalid(`${where}.bias must be an integer`);
      if (policy === 'ieee' && m === 0) invalid(`${where}: IEEE NaN needs a mantissa bit`);
      if (policy === 'e8m0' && m !== 0) invalid(`${where}: the e8m0 policy has no mantissa`);
      if (!['ieee', 'fn', 'fnuz', 'finite', 'e8m0'].includes(policy))
        invalid(`${where}.policy "${policy}" is not ieee, fn, fnuz, finite or e8m0`);
      return;
    }
    case 'lut':
      if (params.values.length !== 2 ** bits)
        invalid(
          `${where}.values holds ${params.values.length} entries; a ${bits}-bit table needs ${2 ** bits} (NaN for invalid codes)`,
        );
      return;
    case 'posit':
      if (!(Number.isInteger(params.es) && params.es >= 0 && params.es <= bits - 2))
        invalid(`${where}.es must be an integer in [0, bits − 2], got ${params.es}`);
      return;
    case 'integer':
      return;
  }
}

/** Bit addresses (relative to the region) each entry's slices read, entry by entry. */
export function* sliceBits(slice: BitSlice, entries: number): Generator<number> {
  const dims = slice.dims ?? [{ count: entries, stride: slice.width }];
  for (let k = 0; k < entries; k++) {
    let rest = k;
    let address = slice.at;
    for (let d = dims.length - 1; d >= 0; d--) {
      const dim = dims[d]!;
      const coordinate = d === 0 ? rest : rest % dim.count;
      rest = Math.floor(rest / dim.count);
      if (!dim.digit) address += coordinate * (dim.stride ?? 0);
    }
    for (let b = 0; b < slice.width; b++) yield address + b;
  }
}

function checkFields(
  fields: readonly BlockField[],
  bytes: number,
  size: number,
  invalid: Invalid,
  where: string,
): void {
  const owner = new Map<number, string>();
  for (const field of fields) {
    const at = `${where} field "${field.name}"`;
    if (!(Number.isInteger(field.count) && field.count >= 1 && size % field.count === 0))
      invalid(`${at}: count must divide the ${size} values, got ${field.count}`);
    const total = field.pieces.reduce((sum, piece) => sum + piece.count, 0);
    if (total !== field.count)
      invalid(`${at}: its pieces hold ${total} entries, not its count ${field.count}`);
    if (field.as) checkScalar(field.as, invalid, `${at}.as`);
    for (const piece of field.pieces) {
      for (const slice of piece.slices) {
        if (!(Number.isInteger(slice.width) && slice.width >= 1 && slice.width <= 32))
          invalid(`${at}: slice width must be in [1, 32], got ${slice.width}`);
        if (slice.radix === 3 && slice.width !== 8)
          invalid(`${at}: base-3 slices read whole bytes (width 8)`);
        const dims = slice.dims ?? [];
        const product = dims.reduce((p, dim) => p * dim.count, 1);
        if (slice.dims && product !== piece.count)
          invalid(`${at}: slice dims span ${product} entries, the piece ${piece.count}`);
        for (const bit of sliceBits(slice, piece.count)) {
          if (!(bit >= 0 && bit < bytes * 8))
            invalid(`${at}: reads bit ${bit}, beyond the ${bytes} bytes`);
          const other = owner.get(bit);
          if (other !== undefined && other !== field.name)
            invalid(`${at} overlaps field "${other}" at bit ${bit} (byte ${bit >> 3})`);
          owner.set(bit, field.name);
        }
      }
    }
  }
}

function checkExpr(expr: ValueExpr, params: BlockParams, invalid: Invalid): void {
  const fieldNames = new Set(
    [...params.fields, ...(params.header?.fields ?? [])].map((f) => f.name),
  );
  const visit = (e: ValueExpr): void => {
    if (typeof e === 'number') return;
    if (typeof e === 'string') {
      if (!fieldNames.has(e)) invalid(`params.value names no field "${e}"`);
    } else if ('op' in e) {
      visit(e.a);
      visit(e.b);
    } else if ('table' in e) {
      const table = params.tables?.[e.table];
      if (!table) invalid(`params.value names no table "${e.table}"`);
      if (!(e.width >= 1 && table.length % e.width === 0))
        invalid(`table "${e.table}" (${table.length} entries) is not rows of ${e.width}`);
      visit(e.row);
    } else {
      visit(e.field);
      visit(e.entry);
    }
  };
  visit(expr);
}

/** Throws (through `invalid`) unless `format.params` is well formed and matches `format`. */
export function checkParams(format: Format, invalid: Invalid): void {
  const { params } = format;
  if (params === undefined || params === null || typeof params !== 'object')
    invalid('params are missing: every format declares them (see docs/adding-a-format.md)');
  if (params.kind !== 'block') {
    checkScalar(params, invalid);
    if (format.block) invalid('a block format needs block params');
    if (scalarBits(params) !== format.bits)
      invalid(`params give ${scalarBits(params)}-bit codes but bits is ${format.bits}`);
    return;
  }
  const { block } = format;
  if (!block) invalid('block params on a format without a block layout');
  if (params.size !== block.size || params.bytes !== block.bytes)
    invalid(
      `params describe ${params.size} values in ${params.bytes} bytes, the block ${block.size} in ${block.bytes}`,
    );
  checkFields(params.fields, params.bytes, params.size, invalid, 'block');
  if (params.header) {
    if (format.byteLength(params.size) !== params.header.bytes + params.bytes)
      invalid(`byteLength does not include the ${params.header.bytes}-byte header`);
    checkFields(params.header.fields, params.header.bytes, params.size, invalid, 'header');
  }
  checkExpr(params.value, params, invalid);
}
