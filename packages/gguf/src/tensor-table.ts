/**
 * The tensor infos of a GGUF header (gguf.md, "gguf_tensor_info_t"), stored column-wise: names
 * as UTF-8 bytes behind a hash index, types, dims and offsets in typed arrays. Opening a file with
 * a million tensors thus builds no per-tensor object or string; an info object (and its name) is
 * built when asked for by index or name, and the full array only on first access, then cached.
 */
import { ErrorCode, type Format, LowbitError } from '@lowbit/core';
import { formatForGgmlType } from '@lowbit/formats';
import type { ReadStats } from './cursor.ts';
import { NameIndex } from './name-index.ts';
import { ensureLength } from './typed-growth.ts';

export interface GgufTensorInfo {
  name: string;
  /** GGUF dims, fastest-varying first (ggml's ne[]). */
  dims: number[];
  /** Row-major shape: dims reversed. */
  shape: number[];
  ggmlType: number;
  format: Format;
  /** Offset from the start of the data section. */
  offset: number;
  /** Bytes of packed data. */
  byteLength: number;
}

/** Read access to a header's tensor infos without building them all. */
export interface GgufTensorTable {
  readonly count: number;
  /** Tensor `i` (file order), built on demand. */
  at(i: number): GgufTensorInfo;
  /** The index of the tensor named `name`, or -1 (no strings built). */
  indexOf(name: string): number;
  name(i: number): string;
  names(): IterableIterator<string>;
  /** Every tensor info in file order, built on the first call and cached (frozen). */
  all(): readonly GgufTensorInfo[];
}

/** The columns, filled by the reader one checked tensor info at a time. */
export class TensorColumns implements GgufTensorTable {
  readonly #names = new NameIndex();
  #types = new Uint8Array(64);
  /** Where tensor i's dims start in `#dims`; they end where tensor i + 1's start. */
  #dimStarts = new Uint32Array(65);
  #dims = new Float64Array(64);
  #offsets = new Float64Array(64);
  #all: readonly GgufTensorInfo[] | undefined;

  /** `stats.valuesDecoded` counts the names and objects built later, on access. */
  constructor(private readonly stats: ReadStats) {}

  get count(): number {
    return this.#names.count;
  }

  /** Appends a tensor info (fields checked by the caller; names by `indexNames`). */
  add(name: Uint8Array, dims: ArrayLike<number>, nDims: number, ggmlType: number, offset: number) {
    const i = this.#names.count;
    this.#names.append(name);
    this.#types = ensureLength(this.#types, i + 1);
    this.#offsets = ensureLength(this.#offsets, i + 1);
    this.#dimStarts = ensureLength(this.#dimStarts, i + 2);
    const start = this.#dimStarts[i]!;
    this.#dims = ensureLength(this.#dims, start + nDims);
    for (let d = 0; d < nDims; d++) this.#dims[start + d] = dims[d]!;
    this.#dimStarts[i + 1] = start + nDims;
    this.#types[i] = ggmlType;
    this.#offsets[i] = offset;
  }

  /** Indexes the names once all are in; returns the first tensor whose name repeats, or -1. */
  indexNames(): number {
    return this.#names.index();
  }

  name(i: number): string {
    this.#check(i);
    this.stats.valuesDecoded++;
    return this.#names.name(i);
  }

  *names(): IterableIterator<string> {
    for (let i = 0; i < this.count; i++) yield this.name(i);
  }

  indexOf(name: string): number {
    return this.#names.indexOf(name);
  }

  offset(i: number): number {
    return this.#offsets[i]!;
  }

  /** Bytes of tensor i's packed data. */
  byteLength(i: number): number {
    let count = 1;
    for (let d = this.#dimStarts[i]!; d < this.#dimStarts[i + 1]!; d++) count *= this.#dims[d]!;
    return formatForGgmlType(this.#types[i]!)!.byteLength(count);
  }

  /** Tensor indices ordered by offset (ties in file order); sorts only when the file did not. */
  byOffset(): Uint32Array {
    const order = new Uint32Array(this.count);
    let sorted = true;
    for (let i = 0; i < order.length; i++) {
      order[i] = i;
      if (i > 0 && this.#offsets[i - 1]! > this.#offsets[i]!) sorted = false;
    }
    return sorted ? order : order.sort((a, b) => this.#offsets[a]! - this.#offsets[b]! || a - b);
  }

  at(i: number): GgufTensorInfo {
    this.#check(i);
    if (this.#all) return this.#all[i]!;
    const dims = Array.from(this.#dims.subarray(this.#dimStarts[i]!, this.#dimStarts[i + 1]!));
    const ggmlType = this.#types[i]!;
    this.stats.valuesDecoded++;
    return {
      name: this.name(i),
      dims,
      shape: [...dims].reverse(),
      ggmlType,
      format: formatForGgmlType(ggmlType)!,
      offset: this.#offsets[i]!,
      byteLength: this.byteLength(i),
    };
  }

  #check(i: number): void {
    if (Number.isInteger(i) && i >= 0 && i < this.count) return;
    throw new LowbitError(
      ErrorCode.Argument,
      `No tensor #${i}: this GGUF file has ${this.count} tensors (indices 0…${this.count - 1}).`,
      { details: { index: i, count: this.count } },
    );
  }

  all(): readonly GgufTensorInfo[] {
    if (this.#all) return this.#all;
    const infos = new Array<GgufTensorInfo>(this.count);
    for (let i = 0; i < infos.length; i++) infos[i] = this.at(i);
    this.#all = Object.freeze(infos);
    return this.#all;
  }
}
