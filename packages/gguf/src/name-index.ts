/**
 * Names kept as UTF-8 bytes in one growing pool and found through an open-addressing hash table
 * of typed arrays (FNV-1a, linear probing), built once every name is in: a header's million tensor
 * names cost a few typed arrays and no strings. Equal bytes mean equal names, since valid UTF-8
 * encodes a string one way. FNV-1a is unkeyed, so a file can be crafted to make its names
 * collide; once probing costs more than a few steps per name, the index switches to a Map of
 * decoded names (V8 seeds its string hash), keeping a hostile header linear.
 */
import { ensureLength } from './typed-growth.ts';
import { decodeUtf8 } from './utf8.ts';

/** A 32-bit hash of `bytes[start…end)`. */
export type NameHash = (bytes: Uint8Array, start: number, end: number) => number;

export const fnv1a: NameHash = (bytes, start, end) => {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
};

const encoder = new TextEncoder();
/** Probes allowed per name before the index gives up on hashing bytes. */
const PROBES_PER_NAME = 8;

export class NameIndex {
  #pool = new Uint8Array(1024);
  /** End of name i in the pool; it starts where name i - 1 ends. */
  #ends = new Float64Array(64);
  /** Name index + 1 per slot, 0 where empty; a power of two, at most half full. */
  #slots = new Uint32Array(0);
  #map: Map<string, number> | undefined;
  count = 0;
  /** Occupied slots visited while indexing and looking up: the work hashing did, to bound it. */
  probes = 0;

  constructor(private readonly hash: NameHash = fnv1a) {}

  /** Whether lookups go through a Map because the names collided too much. */
  get usesMap(): boolean {
    return this.#map !== undefined;
  }

  /** Appends a name (valid UTF-8); `index()` then makes it findable. */
  append(bytes: Uint8Array): void {
    const start = this.#start(this.count);
    this.#pool = ensureLength(this.#pool, start + bytes.length);
    this.#pool.set(bytes, start);
    this.#ends = ensureLength(this.#ends, this.count + 1);
    this.#ends[this.count++] = start + bytes.length;
  }

  /** Indexes every name appended; returns the first that repeats an earlier one, or -1. */
  index(): number {
    let size = 16;
    while (size < 2 * this.count) size *= 2;
    this.#slots = new Uint32Array(size);
    const budget = PROBES_PER_NAME * this.count + 1024;
    const mask = size - 1;
    for (let i = 0; i < this.count; i++) {
      const start = this.#start(i);
      let s = this.hash(this.#pool, start, this.#ends[i]!) & mask;
      for (let entry = this.#slots[s]!; entry !== 0; entry = this.#slots[s]!) {
        if (++this.probes > budget) return this.#indexWithMap();
        if (this.#equals(entry - 1, this.#pool, start, this.#ends[i]!)) return i;
        s = (s + 1) & mask;
      }
      this.#slots[s] = i + 1;
    }
    return -1;
  }

  bytes(i: number): Uint8Array {
    return this.#pool.subarray(this.#start(i), this.#ends[i]!);
  }

  name(i: number): string {
    return decodeUtf8(this.bytes(i));
  }

  indexOf(name: string): number {
    if (this.#map) return this.#map.get(name) ?? -1;
    const bytes = encoder.encode(name);
    const mask = this.#slots.length - 1;
    let s = this.hash(bytes, 0, bytes.length) & mask;
    for (let entry = this.#slots[s]!; entry !== 0; entry = this.#slots[s]!) {
      this.probes++;
      if (this.#equals(entry - 1, bytes, 0, bytes.length)) return entry - 1;
      s = (s + 1) & mask;
    }
    return -1;
  }

  #start(i: number): number {
    return i === 0 ? 0 : this.#ends[i - 1]!;
  }

  /** Whether name i equals `bytes[start…end)`. */
  #equals(i: number, bytes: Uint8Array, start: number, end: number): boolean {
    const from = this.#start(i);
    if (this.#ends[i]! - from !== end - start) return false;
    for (let k = 0; k < end - start; k++)
      if (this.#pool[from + k] !== bytes[start + k]) return false;
    return true;
  }

  #indexWithMap(): number {
    this.#slots = new Uint32Array(0);
    this.#map = new Map();
    for (let i = 0; i < this.count; i++) {
      const name = this.name(i);
      if (this.#map.has(name)) return i;
      this.#map.set(name, i);
    }
    return -1;
  }
}
