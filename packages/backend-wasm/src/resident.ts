/**
 * Weights kept in linear memory between calls. A GEMV reads each weight byte once, so copying W
 * in on every call costs about as much as the product itself; instead large weight tensors are
 * copied once into an arena just above the heap base and found again by their storage (tensor
 * storage is immutable). A block is freed when its tensor is disposed (backend `release`) or
 * garbage-collected (FinalizationRegistry); freed blocks are reused first-fit and coalesced.
 * Call frames start where the arena ends, so a kernel asks for its resident operands before
 * opening its frame.
 */

/** Smaller tensors are cheap to copy per call and are not kept. */
export const MIN_RESIDENT_BYTES = 1 << 18;

interface Block {
  at: number;
  size: number;
}

/** Room for `bytes` with the padding kernels may over-read, 16-byte aligned (as Frame). */
const span = (bytes: number) => Math.ceil((bytes + 16) / 16) * 16;

export class ResidentArena {
  private readonly blocks = new WeakMap<Uint8Array, Block>();
  private readonly free: Block[] = [];
  private readonly finalizer = new FinalizationRegistry<Block>((block) => this.reclaim(block));
  private used = 0;
  /** First byte after the arena: where call frames start. */
  end: number;

  constructor(
    private readonly start: number,
    private readonly memory: WebAssembly.Memory,
    private readonly budget: number,
  ) {
    this.end = start;
  }

  /** Bytes held by live blocks. */
  get size(): number {
    return this.used;
  }

  /**
   * The address of `bytes` in linear memory, copied in on first use; undefined (copy per call)
   * for small tensors or when the budget is spent.
   */
  place(bytes: Uint8Array): number | undefined {
    const known = this.blocks.get(bytes);
    if (known) return known.at;
    const size = span(bytes.byteLength);
    if (bytes.byteLength < MIN_RESIDENT_BYTES || this.used + size > this.budget) return undefined;
    const block = this.allocate(size);
    if (!block) return undefined;
    new Uint8Array(this.memory.buffer, block.at, bytes.byteLength).set(bytes);
    this.blocks.set(bytes, block);
    this.finalizer.register(bytes, block, block);
    this.used += size;
    return block.at;
  }

  /** Frees the block holding `bytes`, if any (the tensor was disposed). */
  evict(bytes: Uint8Array): void {
    const block = this.blocks.get(bytes);
    if (!block) return;
    this.blocks.delete(bytes);
    this.finalizer.unregister(block);
    this.reclaim(block);
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
