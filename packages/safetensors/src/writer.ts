/**
 * safetensors writer: `__metadata__` first, then tensors in the order given with contiguous
 * offsets; the JSON header is padded with spaces to a multiple of 8 bytes (as the reference
 * serializer does) so the data section is aligned.
 */
import { ErrorCode, LowbitError } from '@lowbit/core';
import { DTYPES, dtypeBytes } from './dtypes.ts';

export interface SafetensorsTensorInput {
  name: string;
  dtype: string;
  shape: readonly number[];
  data: Uint8Array;
}

export function serializeSafetensors(
  tensors: readonly SafetensorsTensorInput[],
  metadata?: Record<string, string>,
): Uint8Array {
  // A null-prototype object: tensor names such as "toString" or "__proto__" are ordinary keys.
  const header: Record<string, unknown> = Object.create(null);
  if (metadata && Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    const dtype = DTYPES.get(t.dtype);
    if (!dtype)
      throw new LowbitError(
        ErrorCode.Argument,
        `Unknown safetensors dtype "${t.dtype}" for tensor "${t.name}".`,
      );
    const expected = dtypeBytes(
      dtype,
      t.shape.reduce((a, b) => a * b, 1),
    );
    if (expected !== t.data.length) {
      throw new LowbitError(
        ErrorCode.Argument,
        `Tensor "${t.name}": ${t.data.length} bytes given, ${t.dtype} × [${t.shape.join(', ')}] takes ${expected}.`,
      );
    }
    if (t.name === '__metadata__' || Object.hasOwn(header, t.name))
      throw new LowbitError(
        ErrorCode.Argument,
        `Tensor name "${t.name}" is used twice or reserved.`,
      );
    header[t.name] = {
      dtype: t.dtype,
      shape: t.shape,
      data_offsets: [offset, offset + t.data.length],
    };
    offset += t.data.length;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const withSpaces = new Uint8Array(padded).fill(0x20);
    withSpaces.set(json);
    json = withSpaces;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of tensors) {
    out.set(t.data, at);
    at += t.data.length;
  }
  return out;
}
