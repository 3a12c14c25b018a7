// The plain-JS baseline the targets are stated against: an iterative radix-4 FWHT (two radix-2
// stages fused per pass), in place on a Float32Array row, no SIMD, no WebAssembly.
export function radix4Fwht(x, n) {
  let h = 1;
  for (; h * 4 <= n; h *= 4) {
    for (let i = 0; i < n; i += 4 * h) {
      for (let j = i; j < i + h; j++) {
        const a = x[j];
        const b = x[j + h];
        const c = x[j + 2 * h];
        const d = x[j + 3 * h];
        const s0 = a + b;
        const d0 = a - b;
        const s1 = c + d;
        const d1 = c - d;
        x[j] = s0 + s1;
        x[j + h] = d0 + d1;
        x[j + 2 * h] = s0 - s1;
        x[j + 3 * h] = d0 - d1;
      }
    }
  }
  if (h < n) {
    for (let i = 0; i < n; i += 2 * h) {
      for (let j = i; j < i + h; j++) {
        const a = x[j];
        const b = x[j + h];
        x[j] = a + b;
        x[j + h] = a - b;
      }
    }
  }
}
