/**
 * The allocator of linear memory: every wasm tensor's storage and every call's scratch is a
 * block of it. First fit over a free list kept sorted by address, neighbours coalesced on free,
 * the top given back to the bump pointer; memory grows (`memory.grow`) when no hole fits.
 * Small blocks (the per-call results of ops on short rows) skip that list: freed, they wait in a
 * pool per size and are reused last-in first-out, so an op's allocate/free costs O(1) however
 * fragmented the heap; pools drain into the list before memory would grow.
 * Blocks are 16-byte aligned with 16 bytes of slack, so kernels may read a word past a packed
 * stream's end. Growing detaches the old `memory.buffer` (unshared memory): make views after
 * allocating, never keep one across an allocation.
 */
import { ErrorCode, LowbitError } from '@lowbit/core';

/** Bytes reserved after every block, so kernels may over-read a vector past the end. */
const PAD = 16;
const PAGE = 65536;
/** Blocks of at most this span are pooled by size when freed. */
export const POOLED_SPAN = 1024;

/** Room for `bytes` with the padding, 16-byte aligned. */
export const span = (bytes: number) => Math.ceil((bytes + PAD) / 16) * 16;

interface Hole {
  at: number;
  size: number;
}

/** What a backend's linear memory holds (`backend.memory()`). */
export interface MemoryReport {
  /** Live blocks (tensors and any call in progress). */
  live: number;
  liveBytes: number;
  /** Bytes in holes between live blocks, reusable without growing. */
  freeBytes: number;
  /** Bytes of linear memory (grows, never shrinks). */
  heapBytes: number;
  /** Most bytes ever live at once. */
  peakBytes: number;
  /** Of the live blocks, those held for the backend's lifetime (constant and rope tables). */
  constants: number;
}

export class LinearHeap {
  private readonly holes: Hole[] = [];
  /**
   * Span of the block at each address, negated once freed. Entries are overwritten, never
   * deleted: V8's Map turns a delete-then-set cycle into work proportional to its size, which
   * made one alloc/free cost ~17 µs with 5,000 live blocks. Addresses recur (pools, holes), so
   * the map stays bounded by the distinct block starts ever used.
   */
  private readonly sizes = new Map<number, number>();
  private live = 0;
  /** Blocks the backend holds for its lifetime (see MemoryReport.constants); counted by callers. */
  constants = 0;
  /** Freed small blocks by span, reused LIFO. */
  private readonly pools = new Map<number, number[]>();
  private pooledBytes = 0;
  private used = 0;
  private peak = 0;
  /** First byte above every block: where the next block goes when no hole fits. */
  private end: number;

  constructor(
    private readonly start: number,
    private readonly memory: WebAssembly.Memory,
    /** Most bytes live at once (E_UNSUPPORTED beyond). */
    private readonly budget = Number.POSITIVE_INFINITY,
  ) {
    this.end = start;
  }

  /** A 16-byte aligned block of at least `bytes` (+16 bytes of slack). */
  alloc(bytes: number): number {
    const size = span(bytes);
    if (this.used + size > this.budget) this.refuse(bytes, `its budget of ${this.budget} bytes`);
    const at = this.fromPool(size) ?? this.takeHole(size) ?? this.bumpOrDrain(size, bytes);
    this.sizes.set(at, size);
    this.live++;
    this.used += size;
    if (this.used > this.peak) this.peak = this.used;
    return at;
  }

  /** Frees a block from alloc(); freeing twice or an unknown address is a no-op. */
  free(at: number): void {
    const size = this.sizes.get(at);
    if (size === undefined || size < 0) return;
    this.sizes.set(at, -size);
    this.live--;
    this.used -= size;
    if (size <= POOLED_SPAN) {
      const pool = this.pools.get(size);
      if (pool) pool.push(at);
      else this.pools.set(size, [at]);
      this.pooledBytes += size;
    } else this.insertHole(at, size);
  }

  report(): MemoryReport {
    return {
      live: this.live,
      liveBytes: this.used,
      freeBytes: this.holes.reduce((sum, h) => sum + h.size, this.pooledBytes),
      heapBytes: this.memory.buffer.byteLength,
      peakBytes: this.peak,
      constants: this.constants,
    };
  }

  /** First byte above every block (tests check that freeing gives the top back). */
  get top(): number {
    return this.end;
  }

  private fromPool(size: number): number | undefined {
    const at = size <= POOLED_SPAN ? this.pools.get(size)?.pop() : undefined;
    if (at !== undefined) this.pooledBytes -= size;
    return at;
  }

  /** Bumps, but first lets pooled blocks coalesce into holes if memory would have to grow. */
  private bumpOrDrain(size: number, bytes: number): number {
    if (this.pooledBytes > 0 && this.end + size > this.memory.buffer.byteLength) {
      for (const [span, pool] of this.pools) for (const at of pool) this.insertHole(at, span);
      this.pools.clear();
      this.pooledBytes = 0;
      const at = this.takeHole(size);
      if (at !== undefined) return at;
    }
    return this.bump(size, bytes);
  }

  private takeHole(size: number): number | undefined {
    const i = this.holes.findIndex((h) => h.size >= size);
    if (i < 0) return undefined;
    const hole = this.holes[i]!;
    const at = hole.at;
    if (hole.size === size) this.holes.splice(i, 1);
    else this.holes[i] = { at: at + size, size: hole.size - size };
    return at;
  }

  private bump(size: number, bytes: number): number {
    const at = this.end;
    const grow = at + size - this.memory.buffer.byteLength;
    if (grow > 0) {
      try {
        this.memory.grow(Math.ceil(grow / PAGE));
      } catch {
        this.refuse(bytes, 'the largest WebAssembly memory this engine allows');
      }
    }
    this.end = at + size;
    return at;
  }

  /** Inserts a hole in address order, merged with its neighbours; a top hole lowers `end`. */
  private insertHole(at: number, size: number): void {
    const holes = this.holes;
    let lo = 0;
    let hi = holes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (holes[mid]!.at < at) lo = mid + 1;
      else hi = mid;
    }
    const before = holes[lo - 1];
    const after = holes[lo];
    let hole: Hole = { at, size };
    if (before && before.at + before.size === at) {
      before.size += size;
      hole = before;
      lo--;
    } else holes.splice(lo, 0, hole);
    if (after && hole.at + hole.size === after.at) {
      hole.size += after.size;
      holes.splice(lo + 1, 1);
    }
    if (hole.at + hole.size === this.end) {
      this.end = hole.at;
      holes.splice(lo, 1);
    }
    if (this.end < this.start) this.end = this.start;
  }

  private refuse(bytes: number, limit: string): never {
    throw new LowbitError(
      ErrorCode.Unsupported,
      `The wasm backend cannot allocate ${bytes} bytes of linear memory beyond ${limit} ` +
        `(${this.used} bytes live): dispose tensors you no longer need, or raise wasmBackend({ heapBytes }).`,
      { details: { bytes, liveBytes: this.used } },
    );
  }
}
