/**
 * safetensors dtypes (huggingface/safetensors `Dtype`): name → bits per element, the lowbit
 * format where one exists, and a converter to float32 for the plain numeric ones.
 */
import { type Format, f16, f32 } from '@lowbit/core';
import {
  bf16,
  e8m0,
  fp4E2m1fn,
  fp6E2m3fn,
  fp6E3m2fn,
  fp8E4m3fn,
  fp8E5m2,
  int8,
  uint8,
} from '@lowbit/formats';

export interface Dtype {
  name: string;
  bits: number;
  format?: Format;
  /** Reads element i of a little-endian buffer as a number (for dtypes without a format). */
  read?: (view: DataView, i: number) => number;
}

const list: Dtype[] = [
  { name: 'BOOL', bits: 8, read: (v, i) => v.getUint8(i) },
  { name: 'F4', bits: 4, format: fp4E2m1fn },
  { name: 'F6_E2M3', bits: 6, format: fp6E2m3fn },
  { name: 'F6_E3M2', bits: 6, format: fp6E3m2fn },
  { name: 'U8', bits: 8, format: uint8 },
  { name: 'I8', bits: 8, format: int8 },
  { name: 'F8_E5M2', bits: 8, format: fp8E5m2 },
  { name: 'F8_E4M3', bits: 8, format: fp8E4m3fn },
  { name: 'F8_E8M0', bits: 8, format: e8m0 },
  { name: 'I16', bits: 16, read: (v, i) => v.getInt16(2 * i, true) },
  { name: 'U16', bits: 16, read: (v, i) => v.getUint16(2 * i, true) },
  { name: 'F16', bits: 16, format: f16 },
  { name: 'BF16', bits: 16, format: bf16 },
  { name: 'I32', bits: 32, read: (v, i) => v.getInt32(4 * i, true) },
  { name: 'U32', bits: 32, read: (v, i) => v.getUint32(4 * i, true) },
  { name: 'F32', bits: 32, format: f32 },
  { name: 'F64', bits: 64, read: (v, i) => v.getFloat64(8 * i, true) },
  { name: 'I64', bits: 64, read: (v, i) => Number(v.getBigInt64(8 * i, true)) },
  { name: 'U64', bits: 64, read: (v, i) => Number(v.getBigUint64(8 * i, true)) },
];

export const DTYPES: ReadonlyMap<string, Dtype> = new Map(list.map((d) => [d.name, d]));

/** Bytes for `count` elements (sub-byte dtypes must fill whole bytes). */
export function dtypeBytes(dtype: Dtype, count: number): number {
  return (count * dtype.bits) / 8;
}

/** The safetensors dtype name for a lowbit format, if it has one. */
export function dtypeForFormat(format: Format): string | undefined {
  for (const d of list) if (d.format === format) return d.name;
  return undefined;
}
