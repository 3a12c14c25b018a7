/**
 * encode and decode: every registered format, partial final blocks, the values every codec must
 * get right (signed zeros, ties, overflow, NaN), and each rounding mode, scale rule and overflow
 * mode on formats that honour them. Codecs are definitions, so results must be identical.
 */
import {
  Decode,
  decode,
  Encode,
  type EncodeAttrs,
  encode,
  getFormat,
  roundingModes,
  scaleRules,
} from '@lowbit/core';
import type { ConformanceCase, Operand, OpFamily, Tolerance } from '../case.ts';
import { caseId } from '../describe-case.ts';
import { EDGE_VALUES, operand, randomBytes } from '../inputs.ts';

const EXACT: Tolerance = {
  kind: 'exact',
  reason: 'the format’s reference codec defines the result bit for bit',
};

/** Formats whose encoders take every rounding mode / MX scale rule / overflow mode. */
const ROUNDING_FORMATS = ['fp8_e4m3fn', 'fp4_e2m1fn', 'int4', 'mxfp4'];
const SCALE_RULE_FORMATS = ['mxfp4', 'mxfp8_e4m3'];
const OVERFLOW_FORMATS = ['fp8_e5m2', 'fp8_e4m3fn', 'f16'];

/** Two blocks and a partial third (or 21 values for scalar formats). */
function count(format: string): number {
  const block = getFormat(format).block?.size ?? 8;
  return 2 * block + 5;
}

function decodeCases(format: string, encodable: boolean): ConformanceCase[] {
  const n = count(format);
  const packed: Operand = encodable
    ? operand(format, [n], 1, 3)
    : { format, shape: [n], bytes: randomBytes(getFormat(format).byteLength(n), 1) };
  const list = [packed];
  if (encodable && !getFormat(format).block)
    list.push({ format, shape: [EDGE_VALUES.length], values: EDGE_VALUES });
  return list.map((o, i) => ({
    id: caseId(
      Decode,
      [o],
      i === 0 ? (encodable ? 'partial block' : 'random bytes') : 'edge values',
    ),
    op: Decode,
    attrs: {},
    operands: [o],
    tolerance: EXACT,
  }));
}

function encodeCase(attrs: EncodeAttrs, x: Operand, note: string): ConformanceCase {
  const options = Object.entries(attrs)
    .filter(([key]) => key !== 'format')
    .map(([key, value]) => `${key} ${value}`)
    .join(', ');
  return {
    id: `${caseId(Encode, [x], note)} → ${attrs.format}${options ? ` (${options})` : ''}`,
    op: Encode,
    attrs,
    operands: [x],
    tolerance: EXACT,
    compareBytes: true,
  };
}

function encodeCases(format: string): ConformanceCase[] {
  const x = operand('f32', [count(format)], 2, 3);
  const cases = [
    encodeCase({ format }, x, 'partial block'),
    encodeCase(
      { format },
      { format: 'f32', shape: [EDGE_VALUES.length], values: EDGE_VALUES },
      'edge values',
    ),
  ];
  if (ROUNDING_FORMATS.includes(format))
    for (const rounding of roundingModes)
      cases.push(encodeCase({ format, rounding, seed: 7 }, x, 'rounding'));
  if (SCALE_RULE_FORMATS.includes(format))
    for (const scaleRule of scaleRules)
      cases.push(encodeCase({ format, scaleRule }, x, 'scale rule'));
  if (OVERFLOW_FORMATS.includes(format))
    cases.push(
      encodeCase({ format, overflow: 'special' }, operand('f32', [16], 3, 1e6), 'overflow'),
    );
  return cases;
}

export const codecFamily: OpFamily = {
  ops: [Encode, Decode],
  cases({ op, formats }, context) {
    if (op === Decode) {
      const format = formats?.[0] ?? 'f32';
      return formats && formats.length !== 1
        ? []
        : decodeCases(format, context.encodable.includes(format));
    }
    if (formats?.some((f) => f !== 'f32')) return [];
    return context.encodable.flatMap(encodeCases);
  },
  badInput: (op) =>
    op === Encode
      ? [
          {
            id: 'encode: to a format nobody registered',
            op,
            codes: ['E_FORMAT_UNKNOWN'],
            operands: [operand('f32', [4], 1)],
            attrs: { format: 'no_such_format' },
          },
        ]
      : [],
  invoke: (op, [x], attrs) => {
    if (op === Decode) return decode(x!);
    const { format, ...options } = attrs as EncodeAttrs;
    return encode(x!, format, options);
  },
};
