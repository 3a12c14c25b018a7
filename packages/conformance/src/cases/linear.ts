/**
 * linear (y = x·Wᵀ, optional per-group scales): the f32 kernel, fused kernels on packed W
 * (checked twice: nearly bit for bit against the q8-activation reference GEMV, and loosely
 * against cpu's decode + float64 matmul), partial blocks, and the decode fallback.
 */
import { getFormat, Linear, linear } from '@lowbit/core';
import type { ConformanceCase, HostOperand, Operand, OpFamily, Tolerance } from '../case.ts';
import { makeCase } from '../describe-case.ts';
import { integers, operand, randomBytes, uniform } from '../inputs.ts';
import { q8Gemv } from '../reference/q8-gemv.ts';

const F32: Tolerance = {
  kind: 'relative',
  bound: 1e-5,
  reason:
    'f32 accumulation over K ≤ 4096 random-sign terms (rounding error ~√K·2⁻²⁴ ≈ 4e-6 of max|y|) vs the cpu kernel’s float64 accumulation',
};
const Q8_EXACT: Tolerance = {
  kind: 'relative',
  bound: 1e-6,
  reason:
    'same int8 activation codes as the reference GEMV; only the f32 rounding of scale products and block sums differs',
};
const Q8_VS_F32: Tolerance = {
  kind: 'relative',
  bound: 2e-2,
  reason: 'int8 activations per 32 (ggml q8) vs f32 activations: up to amax/254 per value',
};

/** Activation block of fused kernels: ggml quantizes per 32, but per 256 (q8_K) for ternaries. */
const ACTIVATION_BLOCK: Record<string, number> = { tq2_0: 256 };

/** Integer weight codes for scalar int formats that carry their scales as a third input. */
const CODE_RANGE: Record<string, [number, number]> = { int8: [-127, 127], int4: [-8, 7] };

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const lcm = (a: number, b: number) => (a * b) / gcd(a, b);

/**
 * Weights of a decode-only format (the ggml i-quants): random packed bytes, each below 0x60 so
 * that every f16 field (a scale, or iq1_m's scale spread over nibbles) is finite.
 */
function packedWeights(format: string, n: number, k: number, seed: number): Operand {
  const bytes = randomBytes(getFormat(format).byteLength(n * k), seed).map((b) => b % 0x60);
  return { format, shape: [n, k], bytes };
}

function weights(format: string, n: number, k: number, seed: number, packed = false): Operand {
  if (packed) return packedWeights(format, n, k, seed);
  const range = CODE_RANGE[format];
  return range
    ? { format, shape: [n, k], values: integers(n * k, seed, ...range) }
    : operand(format, [n, k], seed);
}

function scales(n: number, groups: number, seed: number): Operand {
  return {
    format: 'f32',
    shape: [n, groups],
    values: uniform(n * groups, seed, 0.05).map(Math.abs),
  };
}

/** The q8-activation GEMV on the case's operands (group scales applied to W in f32). */
function q8Reference(block: number) {
  return ([x, w, s]: readonly HostOperand[]): Float32Array[] => {
    const [m, k] = x!.shape as [number, number];
    const n = w!.shape[0]!;
    let values = w!.values;
    if (s) {
      const groups = s.shape[1]!;
      values = values.map((v, i) =>
        Math.fround(v * s.values[Math.floor(i / k) * groups + Math.floor((i % k) / (k / groups))]!),
      );
    }
    return [q8Gemv(x!.values, values, m, n, k, block)];
  };
}

function make(operands: Operand[], tolerance: Tolerance, note: string): ConformanceCase {
  return makeCase(Linear, operands, {}, tolerance, note);
}

function floatCases(): ConformanceCase[] {
  return [
    make([operand('f32', [1, 300], 1), operand('f32', [7, 300], 2)], F32, 'GEMV, K=300'),
    make([operand('f32', [9, 33], 3), operand('f32', [4, 33], 4)], F32, 'matmul path, odd K'),
    make(
      [operand('f32', [1, 4096], 8), operand('f32', [256, 4096], 9)],
      F32,
      '2^20 multiply-adds, rows split across threads',
    ),
    make(
      [operand('f32', [2, 64], 5), operand('f32', [5, 64], 6), scales(5, 2, 7)],
      F32,
      'f32 weights with two scale groups',
    ),
  ];
}

/**
 * Fused GEMVs over 16-bit float weights (f16, bf16) gain nothing from int8 activations, so they
 * are held to f32 accuracy whatever the backend's `activations` setting.
 */
function activationsFor(format: string, backend: 'q8' | 'f32'): 'q8' | 'f32' {
  const f = getFormat(format);
  return f.bits >= 16 && !f.block ? 'f32' : backend;
}

function fusedCases(
  format: string,
  scaled: boolean,
  backend: 'q8' | 'f32',
  packed: boolean,
): ConformanceCase[] {
  const activations = activationsFor(format, backend);
  const activationBlock = ACTIVATION_BLOCK[format] ?? 32;
  const block = lcm(lcm(32, activationBlock), getFormat(format).block?.size ?? 1);
  const out: ConformanceCase[] = [];
  for (const m of [1, 3]) {
    const k = 2 * block;
    const operands = [operand('f32', [m, k], 10 + m), weights(format, 5, k, 20 + m, packed)];
    if (scaled) operands.push(scales(5, 2, 30 + m));
    if (activations === 'q8') {
      out.push({
        ...make(operands, Q8_EXACT, `fused, vs q8-activation GEMV (per ${activationBlock})`),
        reference: q8Reference(activationBlock),
        referenceName: 'q8-activation GEMV',
      });
      out.push(make(operands, Q8_VS_F32, 'fused, vs f32 decode + matmul'));
    } else out.push(make(operands, F32, 'fused, f32 activations'));
  }
  // 16 × 32 × 2048 = 2^20 multiply-adds: enough that threaded backends split W's rows between
  // threads, with few weights to encode.
  const wide = [operand('f32', [16, 2048], 60), weights(format, 32, 2048, 61, packed)];
  if (scaled) wide.push(scales(32, 4, 62));
  out.push(
    activations === 'q8'
      ? {
          ...make(wide, Q8_EXACT, 'rows split across threads, vs q8-activation GEMV'),
          reference: q8Reference(activationBlock),
          referenceName: 'q8-activation GEMV',
        }
      : make(wide, F32, 'rows split across threads'),
  );
  // K not a whole number of blocks (or groups not of 32): kernels must still be right.
  const k = block + 16;
  const partial = [operand('f32', [2, k], 40), weights(format, 3, k, 41, packed)];
  // Three groups where they divide K (groups of 16 for 32-blocks), else two.
  if (scaled) partial.push(scales(3, k % 3 === 0 ? 3 : 2, 42));
  out.push(make(partial, F32, 'partial block'));
  return out;
}

export const linearFamily: OpFamily = {
  ops: [Linear],
  cases({ formats, path, activations }, context) {
    if (!formats) return floatCases();
    const [x, w, s] = formats;
    if (x !== 'f32' || !w || (s !== undefined && s !== 'f32') || formats.length > 3) return [];
    const packed = !context.encodable.includes(w);
    if (path === 'decode-fallback')
      return [
        make([operand('f32', [2, 64], 50), weights(w, 5, 64, 51, packed)], F32, 'decode fallback'),
      ];
    // A kernel declaring f32 activations is held to f32 accuracy; any other to the run's setting.
    return fusedCases(
      w,
      formats.length === 3,
      activations === 'f32' ? 'f32' : context.activations,
      packed,
    );
  },
  badInput: () => [
    {
      id: 'linear: x 2×3 with W 4×5',
      op: Linear,
      codes: ['E_SHAPE'],
      operands: [operand('f32', [2, 3], 1), operand('f32', [4, 5], 2)],
      attrs: {},
    },
    {
      id: 'linear: scales 4×3 do not divide K=8',
      op: Linear,
      codes: ['E_SHAPE'],
      operands: [operand('f32', [2, 8], 1), operand('f32', [4, 8], 2), scales(4, 3, 3)],
      attrs: {},
    },
  ],
  fallbackOperand: () => 1,
  invoke: (_op, [x, w, s]) => linear(x!, w!, s),
};
