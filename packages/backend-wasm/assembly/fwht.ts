// Fast Walsh–Hadamard transform on f32 rows: power-of-two lengths, and the H_m step for m·2^k.

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


/** Multiplies each row of `n` values by the ±1 signs in `signs` (one i8 per position). */
export function applySigns(ptr: usize, n: i32, rows: i32, signs: usize): void {
  for (let r = 0; r < rows; r++) {
    const base = ptr + (<usize>r * <usize>n << 2);
    for (let j = 0; j < n; j++) {
      if (load<i8>(signs + <usize>j) < 0) {
        const p = base + (<usize>j << 2);
        store<f32>(p, -load<f32>(p));
      }
    }
  }
}

/**
 * The H_m step of an (m·2^k)-point Hadamard transform, H_m ⊗ H_{2^k}: in each of `rows` rows of
 * m chunks of `stride` values at `ptr` (each chunk already transformed), chunk a becomes
 * scale · Σ_c h[a·m + c] · chunk c. `h` is the ±1 matrix as f32 (pass Hᵀ for the inverse),
 * `scratch` room for m f32x4 columns. Four positions per step on f32x4 lanes.
 */
export function hadamardAcross(ptr: usize, rows: i32, m: i32, stride: i32, h: usize, scale: f32, scratch: usize): void {
  const chunk = <usize>stride << 2;
  const factor = f32x4.splat(scale);
  for (let r = 0; r < rows; r++) {
    const base = ptr + <usize>r * <usize>m * chunk;
    let b: usize = 0;
    for (; b + 16 <= chunk; b += 16) {
      for (let c = 0; c < m; c++) v128.store(scratch + (<usize>c << 4), v128.load(base + <usize>c * chunk + b));
      for (let a = 0; a < m; a++) {
        const row = h + (<usize>(a * m) << 2);
        let acc = f32x4.splat(0);
        for (let c = 0; c < m; c++)
          acc = f32x4.add(acc, f32x4.mul(v128.load32_splat(row + (<usize>c << 2)), v128.load(scratch + (<usize>c << 4))));
        v128.store(base + <usize>a * chunk + b, f32x4.mul(acc, factor));
      }
    }
    for (; b < chunk; b += 4) {
      for (let c = 0; c < m; c++) store<f32>(scratch + (<usize>c << 2), load<f32>(base + <usize>c * chunk + b));
      for (let a = 0; a < m; a++) {
        const row = h + (<usize>(a * m) << 2);
        let acc: f32 = 0;
        for (let c = 0; c < m; c++) acc += load<f32>(row + (<usize>c << 2)) * load<f32>(scratch + (<usize>c << 2));
        store<f32>(base + <usize>a * chunk + b, acc * scale);
      }
    }
  }
}
