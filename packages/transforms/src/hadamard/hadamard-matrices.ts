/**
 * Hadamard matrices of orders 12, 20, 28 and 40 — the non-power-of-two factors that
 * fast-hadamard-transform and MLX support — built by Paley's constructions (Paley 1933):
 *   order q + 1,    q ≡ 3 (mod 4) prime: H = I + [[0, 1ᵀ], [−1, Q]]            (12: q = 11, 20: q = 19)
 *   order 2(q + 1), q ≡ 1 (mod 4) prime: H = C ⊗ [[1, 1], [1, −1]] + I ⊗ [[1, −1], [−1, −1]],
 *                   C = [[0, 1ᵀ], [1, Q]]                                        (28: q = 13)
 * where Q is the Jacobsthal matrix Q[i][j] = χ(j − i) (χ the quadratic character mod q), and
 * order 40 = H20 ⊗ H2 (Sylvester doubling). Entries are ±1, H·Hᵀ = n·I (checked in tests).
 */

function character(q: number): Int8Array {
  const chi = new Int8Array(q).fill(-1);
  chi[0] = 0;
  for (let x = 1; x < q; x++) chi[(x * x) % q] = 1;
  return chi;
}

function jacobsthal(q: number): Int8Array[] {
  const chi = character(q);
  return Array.from({ length: q }, (_, i) =>
    Int8Array.from({ length: q }, (_, j) => chi[(((j - i) % q) + q) % q]!),
  );
}

function paleyOne(q: number): Int8Array {
  const n = q + 1;
  const Q = jacobsthal(q);
  const h = new Int8Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s: number;
      if (i === 0) s = j === 0 ? 0 : 1;
      else if (j === 0) s = -1;
      else s = Q[i - 1]![j - 1]!;
      h[i * n + j] = s + (i === j ? 1 : 0);
    }
  }
  return h;
}

function paleyTwo(q: number): Int8Array {
  const m = q + 1;
  const Q = jacobsthal(q);
  const n = 2 * m;
  const h = new Int8Array(n * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const c = i === 0 ? (j === 0 ? 0 : 1) : j === 0 ? 1 : Q[i - 1]![j - 1]!;
      let block: number[];
      if (c !== 0) block = [c, c, c, -c];
      else if (i === j) block = [1, -1, -1, -1];
      else block = [0, 0, 0, 0];
      h[2 * i * n + 2 * j] = block[0]!;
      h[2 * i * n + 2 * j + 1] = block[1]!;
      h[(2 * i + 1) * n + 2 * j] = block[2]!;
      h[(2 * i + 1) * n + 2 * j + 1] = block[3]!;
    }
  }
  return h;
}

function doubled(h: Int8Array, m: number): Int8Array {
  const n = 2 * m;
  const out = new Int8Array(n * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const v = h[i * m + j]!;
      out[i * n + j] = v;
      out[i * n + j + m] = v;
      out[(i + m) * n + j] = v;
      out[(i + m) * n + j + m] = -v;
    }
  }
  return out;
}

const cache = new Map<number, Int8Array>();

/** The ±1 Hadamard matrix of order `m` ∈ {12, 20, 28, 40}, row-major. */
export function hadamardMatrix(m: 12 | 20 | 28 | 40): Int8Array {
  let h = cache.get(m);
  if (!h) {
    h =
      m === 12
        ? paleyOne(11)
        : m === 20
          ? paleyOne(19)
          : m === 28
            ? paleyTwo(13)
            : doubled(paleyOne(19), 20);
    cache.set(m, h);
  }
  return h;
}

export const HADAMARD_FACTORS = [12, 20, 28, 40] as const;
