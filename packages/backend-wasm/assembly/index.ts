// lowbit WebAssembly kernels (AssemblyScript, compiled with --enable simd).
// Memory layout is the caller's: it writes rows at heapBase() and grows memory as needed.

/** First free byte after static data, where the host may place its buffers. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

/**
 * In-place fast Walsh–Hadamard transform of `rows` rows of `n` f32 values (n a power of two)
 * starting at `ptr`, each multiplied by `scale` at the end. Strides of 1 and 2 are scalar;
 * strides of 4 and up run on f32x4 lanes (four butterflies per instruction).
 */
export function fwht(ptr: usize, n: i32, rows: i32, scale: f32): void {
  for (let r = 0; r < rows; r++) {
    const base = ptr + (<usize>r * <usize>n << 2);
    let h = 1;
    for (; h < n && h < 4; h <<= 1) {
      for (let i = 0; i < n; i += h << 1) {
        for (let j = i; j < i + h; j++) {
          const pa = base + (<usize>j << 2);
          const pb = pa + (<usize>h << 2);
          const a = load<f32>(pa);
          const b = load<f32>(pb);
          store<f32>(pa, a + b);
          store<f32>(pb, a - b);
        }
      }
    }
    for (; h < n; h <<= 1) {
      const offset = <usize>h << 2;
      for (let i = 0; i < n; i += h << 1) {
        const start = base + (<usize>i << 2);
        for (let j: usize = 0; j < offset; j += 16) {
          const pa = start + j;
          const a = v128.load(pa);
          const b = v128.load(pa + offset);
          v128.store(pa, f32x4.add(a, b));
          v128.store(pa + offset, f32x4.sub(a, b));
        }
      }
    }
    if (scale != 1.0) {
      const s = f32x4.splat(scale);
      if (n >= 4) {
        for (let j: usize = 0; j < (<usize>n << 2); j += 16) v128.store(base + j, f32x4.mul(v128.load(base + j), s));
      } else {
        for (let j = 0; j < n; j++) store<f32>(base + (<usize>j << 2), load<f32>(base + (<usize>j << 2)) * scale);
      }
    }
  }
}
