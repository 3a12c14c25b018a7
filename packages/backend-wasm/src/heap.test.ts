import { describe, expect, it } from 'vitest';
import { LinearHeap, POOLED_SPAN, span } from './heap.ts';

const KB = 1024;

function heap(budget?: number) {
  const memory = new WebAssembly.Memory({ initial: 1 });
  return { memory, heap: new LinearHeap(1024, memory, budget) };
}

describe('LinearHeap (the allocator of linear memory)', () => {
  it('bumps from its start, 16-byte aligned with slack, growing memory as needed', () => {
    const { memory, heap: h } = heap();
    const a = h.alloc(1);
    const b = h.alloc(100 * KB);
    expect([a, b]).toEqual([1024, 1024 + span(1)]);
    expect(b % 16).toBe(0);
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(b + 100 * KB + 16);
    expect(h.report()).toMatchObject({ live: 2, liveBytes: span(1) + span(100 * KB) });
  });

  it('reuses freed holes first-fit, coalesces neighbours and gives the top back', () => {
    const { heap: h } = heap();
    const [x, y, z] = [h.alloc(KB), h.alloc(KB), h.alloc(KB)];
    const top = h.top;
    h.free(y);
    expect(h.alloc(KB)).toBe(y);
    h.free(y);
    h.free(x);
    expect(h.report()).toMatchObject({ live: 1, freeBytes: 2 * span(KB) });
    expect(h.alloc(2 * KB)).toBe(x); // the two holes merged into one
    expect(h.top).toBe(top);
    h.free(x);
    h.free(z);
    expect(h.top).toBe(1024);
    expect(h.report()).toMatchObject({ live: 0, liveBytes: 0, freeBytes: 0 });
    expect(h.report().peakBytes).toBe(3 * span(KB));
  });

  it('frees each block once: a second free or an unknown address does nothing', () => {
    const { heap: h } = heap();
    const a = h.alloc(KB);
    const b = h.alloc(KB);
    h.free(a);
    h.free(a);
    h.free(12345);
    expect(h.report()).toMatchObject({ live: 1, liveBytes: span(KB) });
    expect(h.alloc(KB)).toBe(a);
    expect(h.alloc(KB)).toBe(b + span(KB));
  });

  it('refuses past its budget with E_UNSUPPORTED, and recovers once blocks are freed', () => {
    const { heap: h } = heap(3 * span(KB));
    const blocks = [h.alloc(KB), h.alloc(KB), h.alloc(KB)];
    expect(() => h.alloc(KB)).toThrow(expect.objectContaining({ code: 'E_UNSUPPORTED' }));
    h.free(blocks[1]!);
    expect(h.alloc(KB)).toBe(blocks[1]);
  });

  it('refuses with E_UNSUPPORTED when the memory cannot grow', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2 });
    const h = new LinearHeap(0, memory);
    expect(() => h.alloc(3 * 65536)).toThrow(expect.objectContaining({ code: 'E_UNSUPPORTED' }));
    expect(h.report().live).toBe(0);
  });

  it('pools small freed blocks by size: O(1) reuse however many holes the list holds', () => {
    const { heap: h } = heap();
    // Fragment the list: 200 holes between live 2 KB blocks.
    const big = Array.from({ length: 400 }, () => h.alloc(2 * KB));
    for (let i = 0; i < big.length; i += 2) h.free(big[i]!);
    const small = h.alloc(256);
    expect(span(256)).toBeLessThanOrEqual(POOLED_SPAN);
    h.free(small);
    // The freed block waits for its own size; another size goes to the hole list after it.
    const other = h.alloc(300);
    expect(other).toBe(small + span(256));
    h.free(other);
    const before = h.report();
    for (let i = 0; i < 1000; i++) h.free(h.alloc(256));
    expect(h.alloc(256)).toBe(small);
    expect(h.report()).toMatchObject({ live: before.live + 1, heapBytes: before.heapBytes });
  });

  it('drains the pools into the hole list before memory would grow', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
    const h = new LinearHeap(0, memory);
    const count = Math.floor(65536 / span(512));
    const blocks = Array.from({ length: count }, () => h.alloc(512));
    for (const b of blocks) h.free(b);
    expect(h.report().freeBytes).toBe(count * span(512));
    // No pooled block is big enough, and the memory cannot grow: the pools must coalesce.
    expect(h.alloc(32 * KB)).toBe(0);
  });

  it('frees in constant work however many blocks are live (no Map delete-then-set cycles)', () => {
    const { heap: h } = heap();
    for (let i = 0; i < 5000; i++) h.alloc(300);
    const sizes = (h as unknown as { sizes: Map<number, number> }).sizes;
    const entries = sizes.size;
    for (let i = 0; i < 1000; i++) h.free(h.alloc(2000));
    expect(sizes.size).toBe(entries + 1); // the one address, overwritten in place
    expect(h.report().live).toBe(5000);
  });
});
