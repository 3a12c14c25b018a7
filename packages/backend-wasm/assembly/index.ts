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
    if (n >= 4) {
      // Strides 1 and 2 inside each f32x4: [a,b,c,d] → [a+b, a−b, c+d, c−d] → radix-2 across halves.
      const m1 = f32x4(1, -1, 1, -1);
      const m2 = f32x4(1, 1, -1, -1);
      for (let j: usize = 0; j < (<usize>n << 2); j += 16) {
        const x = v128.load(base + j);
        const y = f32x4.add(v128.shuffle<f32>(x, x, 1, 0, 3, 2), f32x4.mul(x, m1));
        v128.store(base + j, f32x4.add(v128.shuffle<f32>(y, y, 2, 3, 0, 1), f32x4.mul(y, m2)));
      }
      h = 4;
    }
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
    // Two stages per pass (radix-4) over f32x4 lanes: half the trips through memory.
    for (; h * 4 <= n; h <<= 2) {
      const o1 = <usize>h << 2;
      const o2 = o1 << 1;
      const o3 = o1 + o2;
      for (let i = 0; i < n; i += h << 2) {
        const start = base + (<usize>i << 2);
        for (let j: usize = 0; j < o1; j += 16) {
          const p = start + j;
          const a = v128.load(p);
          const b = v128.load(p + o1);
          const c = v128.load(p + o2);
          const d = v128.load(p + o3);
          const s0 = f32x4.add(a, b);
          const d0 = f32x4.sub(a, b);
          const s1 = f32x4.add(c, d);
          const d1 = f32x4.sub(c, d);
          v128.store(p, f32x4.add(s0, s1));
          v128.store(p + o1, f32x4.add(d0, d1));
          v128.store(p + o2, f32x4.sub(s0, s1));
          v128.store(p + o3, f32x4.sub(d0, d1));
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

/** IEEE binary16 bits → f32, exact (subnormals included; the q8_0 scale is never Inf/NaN in practice). */
function halfToFloat(h: u32): f32 {
  const sign = (h & 0x8000) << 16;
  const exponent = (h >> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent == 0) {
    const value = <f32>mantissa * 5.9604644775390625e-8; // 2^-24
    return sign ? -value : value;
  }
  if (exponent == 31) return reinterpret<f32>(sign | 0x7f800000 | (mantissa << 13));
  return reinterpret<f32>(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

/**
 * y[m][n] = Σ_k x[m][k] · W[n][k] with W in ggml q8_0 (blocks of 32 along k: f16 scale, 32 int8),
 * dequantisation fused into the dot product: each block's int8 lanes are widened to f32x4 and
 * multiplied with x, then scaled once by the block's d.
 */
export function linearQ8_0(x: usize, w: usize, y: usize, m: i32, n: i32, k: i32): void {
  const blocks = k >> 5;
  const rowBytes = <usize>blocks * 34;
  for (let i = 0; i < m; i++) {
    const xRow = x + (<usize>i * <usize>k << 2);
    for (let j = 0; j < n; j++) {
      const wRow = w + <usize>j * rowBytes;
      let sum: f32 = 0;
      for (let b = 0; b < blocks; b++) {
        const block = wRow + <usize>b * 34;
        const d = halfToFloat(<u32>load<u16>(block));
        const q = block + 2;
        const xs = xRow + (<usize>b << 7);
        let acc = f32x4.splat(0);
        for (let t: usize = 0; t < 32; t += 4) {
          const lanes = f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(i16x8.extend_low_i8x16_s(v128.load32_zero(q + t))));
          acc = f32x4.add(acc, f32x4.mul(v128.load(xs + (t << 2)), lanes));
        }
        sum += d * (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
      }
      store<f32>(y + ((<usize>i * <usize>n + <usize>j) << 2), sum);
    }
  }
}

/**
 * Decodes `count` little-endian 16-bit codes at `src` into f32 at `dst`: binary16 (`kind` 0) or
 * bfloat16 (`kind` 1). NaN becomes the canonical quiet NaN, as the cpu decoder's table gives.
 */
export function decode16(src: usize, dst: usize, count: i32, kind: i32): void {
  for (let i = 0; i < count; i++) {
    const h = <u32>load<u16>(src + (<usize>i << 1));
    let bits: u32;
    if (kind == 1) {
      bits = h << 16;
      if ((bits & 0x7fffffff) > 0x7f800000) bits = 0x7fc00000;
      store<u32>(dst + (<usize>i << 2), bits);
    } else {
      let value = halfToFloat(h);
      if (value != value) value = reinterpret<f32>(0x7fc00000);
      store<f32>(dst + (<usize>i << 2), value);
    }
  }
}
