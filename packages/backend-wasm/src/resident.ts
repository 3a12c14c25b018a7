/**
 * Weights kept in linear memory between calls. A GEMV reads each weight byte once, so copying W
 * in on every call costs about as much as the product itself; instead large weight tensors are
 * copied once into an arena just above the heap base and found again by their storage (tensor
 * storage is immutable). A block is keyed by the bytes it holds — the ArrayBuffer, offset and
 * length — not by the view object, so a kernel that builds its own view of a tensor's storage
 * (an Int8Array over the codes, a Float32Array over f32 weights) still finds its block. A block
 * is freed when its tensor is disposed (backend `release`) or its buffer garbage-collected
 * (FinalizationRegistry); freed blocks are reused first-fit and coalesced. Call frames start
 * where the arena ends, so a kernel asks for its resident operands before opening its frame.
 */

/** Smaller tensors are cheap to copy per call and are not kept. */
export const MIN_RESIDENT_BYTES = 1 << 18;

interface Block {
  at: number;
  size: number;
}

/** A resident block and the byte range of the storage it copies. */
interface Entry extends Block {
  offset: number;
  length: number;
}

/** What the arena has done since it was made: tests count copies and hits with these. */
export interface ResidentStats {
  /** Tensors copied in. */
  placed: number;
  /** Calls that found their tensor already resident. */
  hits: number;
  /** Bytes copied into the arena. */
  bytesCopied: number;
}

/** Room for `bytes` with the padding kernels may over-read, 16-byte aligned (as Frame). */
const span = (bytes: number) => Math.ceil((bytes + 16) / 16) * 16;

export class ResidentArena {
  /** Per storage buffer, the ranges of it that are resident. */
  private readonly blocks = new WeakMap<ArrayBufferLike, Entry[]>();
  private readonly free: Block[] = [];
  private readonly finalizer = new FinalizationRegistry<Block>((block) => this.reclaim(block));
  private used = 0;
  private readonly counts: ResidentStats = { placed: 0, hits: 0, bytesCopied: 0 };
  /** First byte after the arena: where call frames start. */
  end: number;

  constructor(
    private readonly start: number,
    private readonly memory: WebAssembly.Memory,
    private readonly budget: number,
  ) {
    this.end = start;
  }

  stats(): ResidentStats {
    return { ...this.counts };
  }

  /** Bytes held by live blocks. */
  get size(): number {
    return this.used;
  }

  /**
   * The address of the bytes `view` covers in linear memory, copied in on first use; undefined
   * (copy per call) for small tensors or when the budget is spent. Pass a view of a tensor's
   * storage, never a temporary: the block lives as long as the storage.
   */
  place(view: ArrayBufferView): number | undefined {
    const known = this.find(view);
    if (known) {
      this.counts.hits++;
      return known.at;
    }
    const size = span(view.byteLength);
    if (view.byteLength < MIN_RESIDENT_BYTES || this.used + size > this.budget) return undefined;
    const block = this.allocate(size);
    if (!block) return undefined;
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    new Uint8Array(this.memory.buffer, block.at, bytes.byteLength).set(bytes);
    const entry = { ...block, offset: view.byteOffset, length: view.byteLength };
    const entries = this.blocks.get(view.buffer);
    if (entries) entries.push(entry);
    else this.blocks.set(view.buffer, [entry]);
    this.finalizer.register(view.buffer, entry, entry);
    this.used += size;
    this.counts.placed++;
    this.counts.bytesCopied += bytes.byteLength;
    return block.at;
  }

  /** Frees the block holding the bytes `view` covers, if any (the tensor was disposed). */
  evict(view: ArrayBufferView): void {
    const entry = this.find(view);
    if (!entry) return;
    const entries = this.blocks.get(view.buffer)!;
    entries.splice(entries.indexOf(entry), 1);
    if (entries.length === 0) this.blocks.delete(view.buffer);
    this.finalizer.unregister(entry);
    this.reclaim(entry);
  }

  private find(view: ArrayBufferView): Entry | undefined {
    return this.blocks
      .get(view.buffer)
      ?.find((e) => e.offset === view.byteOffset && e.length === view.byteLength);
  }

  private allocate(size: number): Block | undefined {
    const i = this.free.findIndex((b) => b.size >= size);
    if (i >= 0) {
      const hole = this.free[i]!;
      const block = { at: hole.at, size };
      if (hole.size === size) this.free.splice(i, 1);
      else this.free[i] = { at: hole.at + size, size: hole.size - size };
      return block;
    }
    const grow = this.end + size - this.memory.buffer.byteLength;
    try {
      if (grow > 0) this.memory.grow(Math.ceil(grow / 65536));
    } catch {
      return undefined; // the memory's maximum: copy per call instead
    }
    const block = { at: this.end, size };
    this.end += size;
    return block;
  }

  private reclaim(block: Block): void {
    this.used -= block.size;
    this.free.push({ at: block.at, size: block.size });
    this.free.sort((a, b) => a.at - b.at);
    const merged: Block[] = [];
    for (const b of this.free) {
      const last = merged[merged.length - 1];
      if (last && last.at + last.size === b.at) last.size += b.size;
      else merged.push({ ...b });
    }
    const top = merged[merged.length - 1];
    if (top && top.at + top.size === this.end) {
      this.end = top.at;
      merged.pop();
    }
    this.free.splice(0, this.free.length, ...merged);
    if (this.end < this.start) this.end = this.start;
  }
}
