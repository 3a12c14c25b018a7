import { createRng } from '@lowbit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fwht, hadamardDense, hadamardFactor, ifwht } from './fwht.ts';
import { HADAMARD_FACTORS, hadamardMatrix } from './hadamard-matrices.ts';

/** Sylvester's recursive definition H_{2n} = [[H, H], [H, −H]], built densely. */
function sylvester(n: number): Float64Array {
  let h = Float64Array.of(1);
  for (let size = 1; size < n; size *= 2) {
    const next = new Float64Array(4 * size * size);
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        const v = h[i * size + j]!;
        next[i * 2 * size + j] = v;
        next[i * 2 * size + j + size] = v;
        next[(i + size) * 2 * size + j] = v;
        next[(i + size) * 2 * size + j + size] = -v;
      }
    }
    h = next;
  }
  return h;
}

function kron(a: ArrayLike<number>, m: number, b: ArrayLike<number>, p: number): Float64Array {
  const n = m * p;
  const out = new Float64Array(n * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++)
      for (let k = 0; k < p; k++)
        for (let l = 0; l < p; l++)
          out[(i * p + k) * n + j * p + l] = a[i * m + j]! * b[k * p + l]!;
  return out;
}

const apply = (h: Float64Array, x: Float64Array) => {
  const n = x.length;
  return Float64Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let j = 0; j < n; j++) s += h[i * n + j]! * x[j]!;
    return s;
  });
};

const random = (n: number, seed: number) => {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => rng.nextFloat() * 2 - 1);
};
const norm = (x: ArrayLike<number>) => Math.sqrt(Array.from(x).reduce((s, v) => s + v * v, 0));

describe('Hadamard matrices of order 12, 20, 28, 40', () => {
  it.each(HADAMARD_FACTORS)('H_%i has ±1 entries and H·Hᵀ = m·I', (m) => {
    const h = hadamardMatrix(m);
    expect(Array.from(h).every((v) => v === 1 || v === -1)).toBe(true);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        let dot = 0;
        for (let k = 0; k < m; k++) dot += h[i * m + k]! * h[j * m + k]!;
        expect(dot).toBe(i === j ? m : 0);
      }
    }
  });
});

describe('fwht', () => {
  it('equals Sylvester’s matrix for every power of two up to 512 (exact in float64)', () => {
    for (let n = 1; n <= 512; n *= 2) {
      const x = random(n, n);
      const got = fwht(x.slice(), n);
      const want = apply(sylvester(n), x);
      for (let i = 0; i < n; i++) expect(got[i]).toBeCloseTo(want[i]!, 12);
    }
  });

  it.each(HADAMARD_FACTORS)('equals H_m ⊗ H_2^k for %i·2^k lengths', (m) => {
    for (const p of [1, 2, 8]) {
      const x = random(m * p, m + p);
      const { m: factor, power } = hadamardFactor(m * p);
      const want = apply(kron(hadamardMatrix(factor as 12), factor, sylvester(power), power), x);
      const got = fwht(x.slice(), m * p);
      for (let i = 0; i < x.length; i++) expect(got[i]).toBeCloseTo(want[i]!, 9);
    }
  });

  it('transforms each row of a batch independently, in float32 too', () => {
    const rows = 5;
    const n = 64;
    const x = random(rows * n, 3);
    const batch = Float32Array.from(x);
    fwht(batch, n, { normalize: true });
    for (let r = 0; r < rows; r++) {
      const single = fwht(Float32Array.from(x.subarray(r * n, r * n + n)), n, { normalize: true });
      expect(Array.from(batch.subarray(r * n, r * n + n))).toEqual(Array.from(single));
    }
  });

  it('is orthonormal when normalised (‖Hx‖ = ‖x‖), and ifwht inverts both forms', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 }),
        fc.constantFrom(1, 12, 20, 28, 40),
        fc.boolean(),
        fc.integer(),
        (k, m, normalize, seed) => {
          const n = m * 2 ** k;
          if (n > 2 ** 13) return;
          const x = random(n, seed);
          const y = fwht(x.slice(), n, { normalize });
          if (normalize) expect(norm(y)).toBeCloseTo(norm(x), 9);
          const back = ifwht(y, n, { normalize });
          for (let i = 0; i < n; i++) expect(back[i]).toBeCloseTo(x[i]!, 9);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('handles the largest size, 2^24, preserving the norm', () => {
    const n = 2 ** 24;
    const x = new Float32Array(n);
    x[0] = 1;
    x[n - 1] = -2;
    fwht(x, n, { normalize: true });
    expect(x[0]).toBeCloseTo(-1 / 4096, 12);
    expect(norm(x.subarray(0, 4096)) ** 2 * 4096).toBeCloseTo(5, 3);
  });

  it('rejects unsupported lengths and ragged batches with E_SHAPE', () => {
    expect(() => hadamardFactor(24 * 3)).toThrow(expect.objectContaining({ code: 'E_SHAPE' }));
    expect(() => hadamardFactor(2 ** 25)).toThrow(/2\^24/);
    expect(() => fwht(new Float32Array(10), 4)).toThrow(
      expect.objectContaining({ code: 'E_SHAPE' }),
    );
    expect(hadamardFactor(40 * 1024)).toEqual({ m: 20, power: 2048 });
  });

  it('hadamardDense is the matrix fwht applies', () => {
    expect(Array.from(hadamardDense(8))).toEqual(Array.from(sylvester(8)));
  });
});
