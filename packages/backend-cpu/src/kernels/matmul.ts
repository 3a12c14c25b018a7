/**
 * f32 matmul, cache-blocked, accumulating in float64 so the oracle is more exact than the
 * float32 kernels it checks. B in [K, N] layout runs i-k-j over tiles (a row of B is read
 * contiguously and reused for a tile of A's rows); B in [N, K] layout (transposeB, a linear
 * layer's weight) computes four rows of C per pass so each row of B is loaded once per four.
 */
import { defineKernel, MatMul, type MatMulAttrs, matmulDims, type Tensor } from '@lowbit/core';
import { type CpuContext, floatResult } from '../kernel-helpers.ts';

const TILE_M = 32;
const TILE_N = 256;
const TILE_K = 128;

function transpose(a: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c]!;
  return out;
}

/** C[m×n] = A[m×k] · B[k×n]. */
export function matmulKN(
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
): Float32Array {
  const c = new Float32Array(m * n);
  const acc = new Float64Array(TILE_M * TILE_N);
  for (let i0 = 0; i0 < m; i0 += TILE_M) {
    const i1 = Math.min(i0 + TILE_M, m);
    for (let j0 = 0; j0 < n; j0 += TILE_N) {
      const j1 = Math.min(j0 + TILE_N, n);
      const width = j1 - j0;
      acc.fill(0);
      for (let k0 = 0; k0 < k; k0 += TILE_K) {
        const k1 = Math.min(k0 + TILE_K, k);
        for (let i = i0; i < i1; i++) {
          const accRow = (i - i0) * TILE_N - j0;
          const aRow = i * k;
          for (let p = k0; p < k1; p++) {
            const av = a[aRow + p]!;
            const bRow = p * n;
            for (let j = j0; j < j1; j++) acc[accRow + j] += av * b[bRow + j]!;
          }
        }
      }
      for (let i = i0; i < i1; i++) {
        const accRow = (i - i0) * TILE_N;
        for (let j = 0; j < width; j++) c[i * n + j0 + j] = acc[accRow + j]!;
      }
    }
  }
  return c;
}

/** C[m×n] = A[m×k] · Bᵀ with B stored [n×k]. */
export function matmulNK(
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
): Float32Array {
  const c = new Float32Array(m * n);
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = i * k;
    const a1 = a0 + k;
    const a2 = a1 + k;
    const a3 = a2 + k;
    for (let j = 0; j < n; j++) {
      const bRow = j * k;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let p = 0; p < k; p++) {
        const bv = b[bRow + p]!;
        s0 += a[a0 + p]! * bv;
        s1 += a[a1 + p]! * bv;
        s2 += a[a2 + p]! * bv;
        s3 += a[a3 + p]! * bv;
      }
      c[i * n + j] = s0;
      c[(i + 1) * n + j] = s1;
      c[(i + 2) * n + j] = s2;
      c[(i + 3) * n + j] = s3;
    }
  }
  for (; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[j * k + p]!;
      c[i * n + j] = s;
    }
  }
  return c;
}

export function matmulCpu(
  inputs: readonly Tensor[],
  attrs: MatMulAttrs,
  context: CpuContext,
): Tensor {
  const [ta, tb] = inputs as [Tensor, Tensor];
  const dims = matmulDims(ta.shape, tb.shape, attrs.transposeA, attrs.transposeB);
  const { batch, m, k, n, strideA, strideB } = dims;
  const allA = context.backend.floats(ta);
  const allB = context.backend.floats(tb);
  const c = new Float32Array(batch * m * n);
  for (let i = 0; i < batch; i++) {
    let a = allA.subarray(i * strideA, i * strideA + m * k);
    if (attrs.transposeA) a = transpose(a, k, m);
    const b = allB.subarray(i * strideB, i * strideB + k * n);
    c.set(attrs.transposeB ? matmulNK(a, b, m, k, n) : matmulKN(a, b, m, k, n), i * m * n);
  }
  return floatResult(context, c, dims.shape);
}

export const matmulConfig = defineKernel({
  op: MatMul,
  backend: 'cpu',
  fn: matmulCpu,
});
