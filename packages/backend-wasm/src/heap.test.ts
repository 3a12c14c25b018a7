import { describe, expect, it } from 'vitest';
import { LinearHeap, span } from './heap.ts';

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
});
