/**
 * Rotations that leave an f32 model's function unchanged and spread outliers before
 * quantization. Apply them to the f32 weights, then re-quantize (./requantize.ts): transform,
 * then re-quantize. Every rotation R here is the seeded random Hadamard (H/√n)·D of
 * @lowbit/transforms (n a power of two, or 12, 20, 28, 40 times one), an orthogonal map of rows,
 * so (xR)(wR)ᵀ = x·wᵀ.
 *
 * - `hadamard`: each linear's input is rotated online (its `input` hook runs the engine's
 *   random-hadamard op) and W is stored rotated: y = (xR)(WR)ᵀ. Linears whose input length has
 *   no Hadamard transform are left alone (reported).
 * - `rotate-residual` (QuaRot, Ashkboos et al. 2024, §4): every RMSNorm weight γ is folded into
 *   the linears that read the norm (W ← W·diag γ, γ ← 1), then the residual stream is rotated by
 *   Q: the embedding rows and every residual reader (q, k, v, gate, up, output) as W ← WQ, every
 *   residual writer (attn_output, ffn_down) as W ← QᵀW. An RMSNorm with γ = 1 commutes with Q.
 *   ffn_down's input also gets an online Hadamard (W stored rotated), when its length has one.
 *   The classifier is untied from the embedding table (they fold different norms).
 */
import { ErrorCode, LowbitError } from '@lowbit/core';
import { hadamardFactor, randomHadamard } from '@lowbit/transforms';
import { type LinearWeight, linearsOf, tensorsOf } from '../model/llama-weights.ts';
import type { LlamaModel } from '../model/load-llama.ts';
import { rotateInput } from '../model/online-rotation.ts';
import { disposeReplaced, f32Tensor, linearValues } from './weight-values.ts';

export type TransformKind = 'none' | 'hadamard' | 'rotate-residual';

export const TRANSFORMS: readonly TransformKind[] = ['none', 'hadamard', 'rotate-residual'];

export interface TransformOptions {
  /** Seed of the random signs (default 0). */
  seed?: number;
}

export interface TransformReport {
  transform: TransformKind;
  /** Weights rewritten (GGUF names). */
  rotated: string[];
  /** Linears left unrotated, with the reason. */
  skipped: { name: string; reason: string }[];
}

/** Why rows of length n cannot be rotated, or undefined. */
function noHadamard(n: number): string | undefined {
  try {
    hadamardFactor(n);
    return undefined;
  } catch {
    return `no Hadamard transform of length ${n} (a power of two, or 12, 20, 28, 40 times one)`;
  }
}

/** values [rows, n] ← values·R: each row rotated. */
const rotateRows = (values: Float32Array, n: number, seed: number) =>
  randomHadamard(values, n, { seed }) as Float32Array;

/** values [n, cols] ← Rᵀ·values: each column rotated (the transpose's rows). */
function rotateColumns(values: Float32Array, n: number, seed: number): Float32Array {
  const cols = values.length / n;
  const t = new Float32Array(values.length);
  for (let r = 0; r < n; r++) for (let c = 0; c < cols; c++) t[c * n + r] = values[r * cols + c]!;
  rotateRows(t, n, seed);
  for (let r = 0; r < n; r++) for (let c = 0; c < cols; c++) values[r * cols + c] = t[c * n + r]!;
  return values;
}

/** Writes `values` back as the linear's f32 weight (dropping scales). */
function store(model: LlamaModel, linear: LinearWeight, values: Float32Array): void {
  linear.weight = f32Tensor(model, values, linear.weight.shape);
  delete linear.scales;
}

async function hadamard(model: LlamaModel, seed: number, report: TransformReport): Promise<void> {
  for (const [name, linear] of [...linearsOf(model.weights)]) {
    const n = linear.weight.shape[1]!;
    const reason = noHadamard(n);
    if (reason) {
      report.skipped.push({ name, reason });
      continue;
    }
    store(model, linear, rotateRows(await linearValues(linear), n, seed));
    rotateInput(linear, seed);
    report.rotated.push(name);
  }
}

/** W ← W·diag γ (γ scales W's columns). */
function foldNorm(values: Float32Array, gamma: Float32Array): Float32Array {
  for (let i = 0; i < values.length; i++) values[i]! *= gamma[i % gamma.length]!;
  return values;
}

async function rotateResidual(
  model: LlamaModel,
  seed: number,
  report: TransformReport,
): Promise<void> {
  const w = model.weights;
  const dim = model.config.dim;
  const reason = noHadamard(dim);
  if (reason)
    throw new LowbitError(
      ErrorCode.Unsupported,
      `rotate-residual needs the model width: ${reason}.`,
    );
  if ([...linearsOf(w)].some(([, l]) => l.input))
    throw new LowbitError(
      ErrorCode.Argument,
      'rotate-residual needs linears without online input transforms; apply one transform per model.',
    );
  const ones = () => f32Tensor(model, new Float32Array(dim).fill(1), [dim]);
  const downSeed = seed + 1;
  const reader = async (name: string, linear: LinearWeight, gamma: Float32Array) => {
    store(model, linear, rotateRows(foldNorm(await linearValues(linear), gamma), dim, seed));
    report.rotated.push(name);
  };
  for (const [l, layer] of w.layers.entries()) {
    const attnGamma = await layer.attnNorm.read();
    const ffnGamma = await layer.ffnNorm.read();
    for (const key of ['q', 'k', 'v'] as const)
      await reader(`blk.${l}.attn_${key}.weight`, layer[key], attnGamma);
    await reader(`blk.${l}.ffn_gate.weight`, layer.gate, ffnGamma);
    await reader(`blk.${l}.ffn_up.weight`, layer.up, ffnGamma);
    store(model, layer.o, rotateColumns(await linearValues(layer.o), dim, seed));
    report.rotated.push(`blk.${l}.attn_output.weight`);
    const down = rotateColumns(await linearValues(layer.down), dim, seed);
    const hidden = layer.down.weight.shape[1]!;
    const online = noHadamard(hidden);
    if (online) report.skipped.push({ name: `blk.${l}.ffn_down.weight (online)`, reason: online });
    else {
      rotateRows(down, hidden, downSeed);
      rotateInput(layer.down, downSeed);
    }
    store(model, layer.down, down);
    report.rotated.push(`blk.${l}.ffn_down.weight`);
    layer.attnNorm = ones();
    layer.ffnNorm = ones();
  }
  await reader('output.weight', w.output, await w.outputNorm.read());
  w.outputNorm = ones();
  w.tokenEmbd = f32Tensor(
    model,
    rotateRows(await w.tokenEmbd.read(), dim, seed),
    w.tokenEmbd.shape,
  );
  report.rotated.push('token_embd.weight');
}

/** Rewrites the model's weights (and online input transforms) for `kind`. */
export async function applyTransform(
  model: LlamaModel,
  kind: TransformKind,
  options: TransformOptions = {},
): Promise<TransformReport> {
  const seed = options.seed ?? 0;
  const report: TransformReport = { transform: kind, rotated: [], skipped: [] };
  const before = tensorsOf(model.weights);
  switch (kind) {
    case 'none':
      break;
    case 'hadamard':
      await hadamard(model, seed, report);
      break;
    case 'rotate-residual':
      await rotateResidual(model, seed, report);
      break;
    default:
      throw new LowbitError(
        ErrorCode.Usage,
        `unknown transform "${kind as string}"; use ${TRANSFORMS.join(', ')}.`,
      );
  }
  disposeReplaced(before, model.weights);
  return report;
}
