// Memory layout is the caller's: the host places its buffers from heapBase() on and grows
// memory as needed; kernels only read and write the pointers they are given.

/** First free byte after static data, 16-byte aligned. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}
