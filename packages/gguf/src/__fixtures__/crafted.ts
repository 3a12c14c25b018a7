/**
 * Generators of crafted hostile GGUF files (issue 11, item 12): metadata arrays at the item cap
 * and a million zero-size tensors. Each is a valid file whose header is huge for its contents.
 */
import { GgufType } from '../value-types.ts';

const MAGIC = 0x46554747;

class Bytes {
  readonly data: Uint8Array;
  readonly view: DataView;
  at = 0;
  constructor(size: number) {
    this.data = new Uint8Array(size);
    this.view = new DataView(this.data.buffer);
  }
  u32(v: number) {
    this.view.setUint32(this.at, v, true);
    this.at += 4;
  }
  u64(v: number) {
    this.view.setBigUint64(this.at, BigInt(v), true);
    this.at += 8;
  }
  string(s: string) {
    this.u64(s.length);
    for (let i = 0; i < s.length; i++) this.data[this.at++] = s.charCodeAt(i);
  }
}

function header(out: Bytes, tensors: number, kvs: number) {
  out.u32(MAGIC);
  out.u32(3);
  out.u64(tensors);
  out.u64(kvs);
}

/** `arrays` metadata keys, each a u8 array of `items` items (2^24 is the default cap). */
export function hugeU8Arrays(arrays: number, items = 1 << 24): Uint8Array {
  const out = new Bytes(24 + arrays * (8 + 3 + 4 + 4 + 8 + items));
  header(out, 0, arrays);
  for (let a = 0; a < arrays; a++) {
    out.string(`a.${a}`);
    out.u32(GgufType.ARRAY);
    out.u32(GgufType.UINT8);
    out.u64(items);
    out.data.fill(a + 1, out.at, out.at + items);
    out.at += items;
  }
  return out.data;
}

/** One array of `items` empty strings (8 bytes each: just the length). */
export function emptyStrings(items: number): Uint8Array {
  const out = new Bytes(24 + 8 + 1 + 4 + 4 + 8 + items * 8);
  header(out, 0, 1);
  out.string('s');
  out.u32(GgufType.ARRAY);
  out.u32(GgufType.STRING);
  out.u64(items);
  return out.data;
}

/** The name of tensor `i` in `zeroSizeTensors` (7 ASCII bytes). */
export const zeroSizeTensorName = (i: number) => `t${i.toString(36).padStart(6, '0')}`;

/** `count` f32 tensors of shape [0], all at offset 0 (39 bytes each), then an empty data section. */
export function zeroSizeTensors(count: number): Uint8Array {
  const out = new Bytes(Math.ceil((24 + count * (8 + 7 + 4 + 8 + 4 + 8)) / 32) * 32);
  header(out, count, 0);
  for (let i = 0; i < count; i++) {
    out.string(zeroSizeTensorName(i));
    out.u32(1);
    out.u64(0);
    out.u32(0);
    out.u64(0);
  }
  return out.data;
}
