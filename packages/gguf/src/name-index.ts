/**
 * Names kept as UTF-8 bytes in one growing pool and found through an open-addressing hash table
 * of typed arrays (FNV-1a, linear probing): a header's million tensor names cost a few typed
 * arrays and no strings. Equal bytes mean equal names, since valid UTF-8 encodes a string one way.
 * FNV-1a is unkeyed, so a file can be crafted to make its names collide; once probing costs more
 * than a few steps per name, the index switches to a Map of decoded names (V8 seeds its string
 * hash), keeping a hostile header linear.
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
  /** Name index + 1 per slot, 0 where empty; length a power of two, at most half full. */
  #slots = new Uint32Array(128);
  #map: Map<string, number> | undefined;
  count = 0;
  /** Occupied slots visited (lookups, inserts, rehashes): the work hashing did, to bound it. */
  probes = 0;

  constructor(private readonly hash: NameHash = fnv1a) {}

  /** Whether lookups went through a Map because the names collided too much. */
  get usesMap(): boolean {
    return this.#map !== undefined;
  }

  bytes(i: number): Uint8Array {
    return this.#pool.subarray(i === 0 ? 0 : this.#ends[i - 1]!, this.#ends[i]!);
  }

  name(i: number): string {
    return decodeUtf8(this.bytes(i));
  }

  indexOf(name: string): number {
    return this.#map ? (this.#map.get(name) ?? -1) : this.#find(encoder.encode(name));
  }

  /** Appends a name (valid UTF-8) unless it is already there; false if it was. */
  add(bytes: Uint8Array): boolean {
    if (this.#map) {
      const name = decodeUtf8(bytes);
      if (this.#map.has(name)) return false;
      this.#map.set(name, this.#append(bytes));
      return true;
    }
    if (this.#find(bytes) >= 0) return false;
    const i = this.#append(bytes);
    if (this.probes > PROBES_PER_NAME * this.count + 1024) this.#switchToMap();
    else {
      if (2 * this.count > this.#slots.length) this.#rehash(2 * this.#slots.length);
      this.#insert(i);
    }
    return true;
  }

  #append(bytes: Uint8Array): number {
    const start = this.count === 0 ? 0 : this.#ends[this.count - 1]!;
    this.#pool = ensureLength(this.#pool, start + bytes.length);
    this.#pool.set(bytes, start);
    this.#ends = ensureLength(this.#ends, this.count + 1);
    this.#ends[this.count] = start + bytes.length;
    return this.count++;
  }

  #find(bytes: Uint8Array): number {
    const mask = this.#slots.length - 1;
    for (let s = this.hash(bytes, 0, bytes.length) & mask; ; s = (s + 1) & mask) {
      const entry = this.#slots[s]!;
      if (entry === 0) return -1;
      this.probes++;
      if (this.#equals(entry - 1, bytes)) return entry - 1;
    }
  }

  #equals(i: number, bytes: Uint8Array): boolean {
    const start = i === 0 ? 0 : this.#ends[i - 1]!;
    if (this.#ends[i]! - start !== bytes.length) return false;
    for (let k = 0; k < bytes.length; k++) if (this.#pool[start + k] !== bytes[k]) return false;
    return true;
  }

  #insert(i: number): void {
    const mask = this.#slots.length - 1;
    const start = i === 0 ? 0 : this.#ends[i - 1]!;
    let s = this.hash(this.#pool, start, this.#ends[i]!) & mask;
    while (this.#slots[s] !== 0) {
      this.probes++;
      s = (s + 1) & mask;
    }
    this.#slots[s] = i + 1;
  }

  #rehash(size: number): void {
    this.#slots = new Uint32Array(size);
    for (let i = 0; i < this.count; i++) this.#insert(i);
  }

  #switchToMap(): void {
    this.#map = new Map();
    for (let i = 0; i < this.count; i++) this.#map.set(this.name(i), i);
    this.#slots = new Uint32Array(0);
  }
}
