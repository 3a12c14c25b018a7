/**
 * WGSL decoders generated from a format's `params` (core's format-params.ts), never from its
 * name: a scalar format reads its code and maps it through one of the scalar kinds
 * (wgsl/formats/scalars.wgsl); a `block` format becomes one function per field (its bit runs,
 * pieces and radix-3 digits unrolled with literal addresses) and one f32 expression for the
 * value, mirroring packages/formats/src/params-decoder.ts line for line. Lookup values (a `lut`
 * kind, a block's `tables`) go into one read-only table buffer at fixed offsets.
 *
 * The result defines `packed` (binding 1), `tables` (binding 2, when used) and
 * `decode_bits(i: u32) -> u32`, the f32 bits of element i of the tensor.
 */
import {
  type BitSlice,
  type BlockField,
  type BlockParams,
  ErrorCode,
  type FormatParams,
  LowbitError,
  type ScalarParams,
  scalarBits,
  type ValueExpr,
} from '@lowbit/core';
import { wgsl } from './wgsl.generated.ts';

export interface GeneratedDecoder {
  /** WGSL defining `packed`, `tables` (if any) and `decode_bits`. */
  code: string;
  /** f32 bits of every lookup value, at the offsets the code uses. */
  table?: Uint32Array;
}

const POLICIES = ['ieee', 'fn', 'fnuz', 'finite', 'e8m0'] as const;

const f32Bits = new Uint32Array(1);
const f32View = new Float32Array(f32Bits.buffer);

/** An exact f32 literal (signed zero included); NaN is a runtime value, as WGSL requires. */
function f32Literal(value: number): string {
  if (Number.isNaN(value)) return 'bitcast<f32>(nan_bits)';
  f32View[0] = value;
  return `bitcast<f32>(${f32Bits[0]}u)`;
}

/** Collects lookup values into one buffer; `add` returns a list's offset. */
class TableBuilder {
  readonly values: number[] = [];
  add(values: ArrayLike<number>): number {
    const offset = this.values.length;
    for (let i = 0; i < values.length; i++) this.values.push(values[i]!);
    return offset;
  }
  words(): Uint32Array | undefined {
    return this.values.length ? new Uint32Array(Float32Array.from(this.values).buffer) : undefined;
  }
}

function refuse(reason: string): never {
  throw new LowbitError(ErrorCode.Unsupported, `webgpu cannot decode this format: ${reason}`);
}

/** WGSL for the f32 value of `code` (a u32 expression) read as a scalar kind. */
function scalarValue(params: ScalarParams, code: string, tables: TableBuilder): string {
  switch (params.kind) {
    case 'minifloat': {
      const bits = scalarBits(params);
      const policy = POLICIES.indexOf(params.policy);
      return `bitcast<f32>(minifloat_bits(${code}, ${bits}u, ${params.exponentBits}u, ${params.mantissaBits}u, ${params.bias}, ${policy}u))`;
    }
    case 'integer':
      return `integer_value(${code}, ${params.bits}u, ${params.signed})`;
    case 'posit':
      if (params.bits > 16) refuse(`posit of ${params.bits} bits (at most 16)`);
      return `bitcast<f32>(posit_bits(${code}, ${params.bits}u, ${params.es}u))`;
    case 'lut':
      return `bitcast<f32>(tables[${tables.add(params.values)}u + ${code}])`;
  }
}

/** Statements adding one slice's bits, for entry `k` of its piece, into `code`. */
function sliceCode(slice: BitSlice): string {
  if (slice.width > 32) refuse(`a bit run of ${slice.width} bits`);
  const dims = slice.dims ?? [{ count: 0, stride: slice.width }];
  const lines = ['    var rest = k;', `    var bit = ${slice.at}u;`, '    var digit = 0u;'];
  for (let d = dims.length - 1; d >= 0; d--) {
    const dim = dims[d]!;
    const coordinate = d === 0 ? 'rest' : `rest % ${dim.count}u`;
    lines.push(`    let c${d} = ${coordinate};`);
    if (d > 0) lines.push(`    rest = rest / ${dim.count}u;`);
    if (dim.digit) lines.push(`    digit = c${d};`);
    else if (dim.stride) lines.push(`    bit += c${d} * ${dim.stride}u;`);
  }
  lines.push(`    var bits = read_bits(base, bit, ${slice.width}u);`);
  // ggml's tq1_0: digit n of a byte is ((byte·3^n) mod 256)·3 >> 8.
  if (slice.radix === 3) lines.push('    bits = (((bits * pow3(digit)) & 255u) * 3u) >> 8u;');
  lines.push(`    code += bits << ${slice.shift ?? 0}u;`);
  return `    {\n${lines.join('\n')}\n    }`;
}

/** A field's WGSL function name (field names are free text in params). */
const fieldFn = (name: string) => `field_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;

/** `fn field_<name>(base, entry) -> f32`: the entry's code, or its value as a scalar kind. */
function fieldFunction(field: BlockField, tables: TableBuilder): string {
  const pieces = field.pieces.map((piece) => {
    const value = field.as ? scalarValue(field.as, 'code', tables) : 'f32(code)';
    const body = piece.slices.map(sliceCode).join('\n');
    return `  if (k < ${piece.count}u) {\n    var code = 0u;\n${body}\n    return ${value};\n  }\n  k -= ${piece.count}u;`;
  });
  return `fn ${fieldFn(field.name)}(base: u32, entry: u32) -> f32 {\n  var k = entry;\n${pieces.join('\n')}\n  return ${f32Literal(Number.NaN)};\n}`;
}

/** The value expression as WGSL over `base` (the block's byte), `i` (index in the block). */
function expression(
  params: BlockParams,
  tableOffsets: Map<string, number>,
): (e: ValueExpr) => string {
  const header = new Set((params.header?.fields ?? []).map((f) => f.name));
  const counts = new Map(
    [...params.fields, ...(params.header?.fields ?? [])].map((f) => [f.name, f.count]),
  );
  const fieldBase = (name: string) => {
    if (!counts.has(name)) refuse(`the value names an unknown field '${name}'`);
    return header.has(name) ? '0u' : 'base';
  };
  const emit = (e: ValueExpr): string => {
    if (typeof e === 'number') return f32Literal(e);
    if (typeof e === 'string')
      return `${fieldFn(e)}(${fieldBase(e)}, (i * ${counts.get(e)}u) / ${params.size}u)`;
    if ('op' in e) {
      const op = e.op === 'add' ? '+' : e.op === 'sub' ? '-' : '*';
      return `(${emit(e.a)} ${op} ${emit(e.b)})`;
    }
    if ('table' in e) {
      const offset = tableOffsets.get(e.table);
      if (offset === undefined) refuse(`the value names an unknown table '${e.table}'`);
      return `bitcast<f32>(tables[${offset}u + u32(${emit(e.row)}) * ${e.width}u + i % ${e.width}u])`;
    }
    return `${fieldFn(e.field)}(${fieldBase(e.field)}, u32(${emit(e.entry)}))`;
  };
  return emit;
}

const PACKED =
  '@group(0) @binding(1) var<storage, read> packed: array<u32>;\nvar<private> nan_bits: u32 = 0x7fc00000u;\n';
const TABLES = '@group(0) @binding(2) var<storage, read> tables: array<u32>;\n';

function assemble(body: string, tables: TableBuilder): GeneratedDecoder {
  const table = tables.words();
  return {
    code: PACKED + (table ? TABLES : '') + wgsl['formats/bits'] + wgsl['formats/scalars'] + body,
    ...(table ? { table } : {}),
  };
}

function blockDecoder(params: BlockParams): GeneratedDecoder {
  const tables = new TableBuilder();
  const offsets = new Map(
    Object.entries(params.tables ?? {}).map(([name, values]) => [name, tables.add(values)]),
  );
  const fields = [...(params.header?.fields ?? []), ...params.fields]
    .map((f) => fieldFunction(f, tables))
    .join('\n\n');
  const value = expression(params, offsets)(params.value);
  const pow3 =
    'fn pow3(n: u32) -> u32 {\n  var r = 1u;\n  for (var j = 0u; j < n; j++) {\n    r *= 3u;\n  }\n  return r;\n}\n';
  return assemble(
    `${pow3}\n${fields}\n\nfn decode_bits(index: u32) -> u32 {\n  let i = index % ${params.size}u;\n  let base = ${params.header?.bytes ?? 0}u + (index / ${params.size}u) * ${params.bytes}u;\n  return bitcast<u32>(${value});\n}\n`,
    tables,
  );
}

function scalarDecoder(params: ScalarParams): GeneratedDecoder {
  const bits = scalarBits(params);
  if (bits > 32) refuse(`codes of ${bits} bits`);
  if (bits === 32) {
    // f32 storage: the bits are the value (NaN payloads kept).
    if (params.kind !== 'minifloat' || params.exponentBits !== 8 || params.policy !== 'ieee')
      refuse('32-bit codes other than IEEE binary32');
    return assemble(
      'fn decode_bits(i: u32) -> u32 {\n  return packed[i];\n}\n',
      new TableBuilder(),
    );
  }
  const tables = new TableBuilder();
  // Eight codes fill exactly `bits` bytes, so the byte base never overflows u32.
  const code = `read_bits((i / 8u) * ${bits}u, (i % 8u) * ${bits}u, ${bits}u)`;
  const value = scalarValue(params, code, tables);
  return assemble(`fn decode_bits(i: u32) -> u32 {\n  return bitcast<u32>(${value});\n}\n`, tables);
}

/** The generated decoder for `params`; E_UNSUPPORTED for a layout it cannot express. */
export function generateDecoder(params: FormatParams): GeneratedDecoder {
  return params.kind === 'block' ? blockDecoder(params) : scalarDecoder(params);
}

/** The shader-f16 variant for IEEE binary16 storage: native f16 loads. */
export function f16Decoder(params: FormatParams): GeneratedDecoder | undefined {
  if (params.kind !== 'minifloat' || params.policy !== 'ieee') return undefined;
  if (params.exponentBits !== 5 || params.mantissaBits !== 10) return undefined;
  return {
    code: `enable f16;\n${PACKED.replace('array<u32>', 'array<f16>')}fn decode_bits(i: u32) -> u32 {\n  return bitcast<u32>(f32(packed[i]));\n}\n`,
  };
}
