/**
 * A minimal ONNX TensorProto reader for the conformance fixtures (fixtures/onnx-cast): enough
 * protobuf (varints, length-delimited fields, packed repeated scalars) to get dims, data_type
 * and the element data. Field numbers from onnx/onnx.proto3 `message TensorProto`.
 */
import { readFileSync } from 'node:fs';

export interface TensorProto {
  name: string;
  dims: number[];
  dataType: number;
  /** raw_data bytes when present (little-endian, sub-byte types packed low bits first). */
  raw?: Uint8Array;
  floatData: number[];
  int32Data: number[];
  int64Data: bigint[];
  doubleData: number[];
}

export const OnnxType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  FLOAT16: 10,
  DOUBLE: 11,
  BFLOAT16: 16,
  FLOAT8E4M3FN: 17,
  FLOAT8E4M3FNUZ: 18,
  FLOAT8E5M2: 19,
  FLOAT8E5M2FNUZ: 20,
  UINT4: 21,
  INT4: 22,
  FLOAT4E2M1: 23,
  FLOAT8E8M0: 24,
  UINT2: 25,
  INT2: 26,
} as const;

class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}
  get done(): boolean {
    return this.pos >= this.bytes.length;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.bytes.length) throw new Error('protobuf: truncated varint');
      const byte = this.bytes[this.pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  }
  take(length: number): Uint8Array {
    if (this.pos + length > this.bytes.length) throw new Error('protobuf: truncated field');
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function parseTensorProto(bytes: Uint8Array): TensorProto {
  const t: TensorProto = {
    name: '',
    dims: [],
    dataType: 0,
    floatData: [],
    int32Data: [],
    int64Data: [],
    doubleData: [],
  };
  const r = new Reader(bytes);
  while (!r.done) {
    const key = Number(r.varint());
    const field = key >>> 3;
    const wire = key & 7;
    if (wire === 0) {
      const v = r.varint();
      if (field === 1) t.dims.push(Number(v));
      else if (field === 2) t.dataType = Number(v);
      else if (field === 5) t.int32Data.push(Number(BigInt.asIntN(32, v)));
      else if (field === 7) t.int64Data.push(BigInt.asIntN(64, v));
    } else if (wire === 2) {
      const body = r.take(Number(r.varint()));
      const packed = new Reader(body);
      if (field === 8) t.name = new TextDecoder().decode(body);
      else if (field === 9) t.raw = body.slice();
      else if (field === 1) while (!packed.done) t.dims.push(Number(packed.varint()));
      else if (field === 5)
        while (!packed.done) t.int32Data.push(Number(BigInt.asIntN(32, packed.varint())));
      else if (field === 7)
        while (!packed.done) t.int64Data.push(BigInt.asIntN(64, packed.varint()));
      else if (field === 4)
        for (let i = 0; i + 4 <= body.length; i += 4)
          t.floatData.push(view(body).getFloat32(i, true));
      else if (field === 10)
        for (let i = 0; i + 8 <= body.length; i += 8)
          t.doubleData.push(view(body).getFloat64(i, true));
    } else if (wire === 5) {
      const body = r.take(4);
      if (field === 4) t.floatData.push(view(body).getFloat32(0, true));
    } else if (wire === 1) {
      const body = r.take(8);
      if (field === 10) t.doubleData.push(view(body).getFloat64(0, true));
    } else {
      throw new Error(`protobuf: unsupported wire type ${wire}`);
    }
  }
  return t;
}

export function readTensorProto(path: string): TensorProto {
  return parseTensorProto(new Uint8Array(readFileSync(path)));
}

/** Element count from dims. */
export function elementCount(t: TensorProto): number {
  return t.dims.reduce((a, b) => a * b, 1);
}

/** FLOAT / DOUBLE tensors as float64 numbers, from raw_data or the typed fields. */
export function floatValues(t: TensorProto): number[] {
  const n = elementCount(t);
  if (t.raw) {
    const v = view(t.raw);
    if (t.dataType === OnnxType.FLOAT)
      return Array.from({ length: n }, (_, i) => v.getFloat32(4 * i, true));
    if (t.dataType === OnnxType.DOUBLE)
      return Array.from({ length: n }, (_, i) => v.getFloat64(8 * i, true));
    throw new Error(`floatValues: data_type ${t.dataType} is not FLOAT or DOUBLE`);
  }
  return t.dataType === OnnxType.DOUBLE ? t.doubleData : t.floatData;
}

/** Raw element bytes: raw_data, or int32_data narrowed (how ONNX stores 8/16-bit types). */
export function rawBytes(t: TensorProto, bytesPerElement: number): Uint8Array {
  if (t.raw) return t.raw;
  const out = new Uint8Array(t.int32Data.length * bytesPerElement);
  t.int32Data.forEach((value, i) => {
    for (let b = 0; b < bytesPerElement; b++)
      out[i * bytesPerElement + b] = (value >>> (8 * b)) & 0xff;
  });
  return out;
}

/** Directory of an ONNX conformance case in the repo's fixtures. */
export function onnxCase(name: string): {
  input: (i: number) => TensorProto;
  output: (i: number) => TensorProto;
} {
  const dir = new URL(`../../fixtures/onnx-cast/${name}/test_data_set_0/`, import.meta.url);
  return {
    input: (i) => readTensorProto(new URL(`input_${i}.pb`, dir).pathname),
    output: (i) => readTensorProto(new URL(`output_${i}.pb`, dir).pathname),
  };
}
